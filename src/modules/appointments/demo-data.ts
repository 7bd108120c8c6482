import type { AppContext } from '../../context';
import type { DemoRefs } from '../demo/module-demo-data';
import { buildClerk, buildOffice, buildService, setDeputy, weekdaysHours } from './builders';

/**
 * Bürgerbüro Soziales (Amt 50): concerns with durations and modes; Sabine Berger (sb50) takes
 * surnames A–K, Murat Yılmaz (sb50b) L–Z, and each deputises for the other.
 */
export async function loadAppointmentsDemoData(ctx: AppContext, refs: DemoRefs): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const opening = {
      ...weekdaysHours([['08:00', '12:00']]),
      '4': [
        ['08:00', '12:00'],
        ['14:00', '18:00'],
      ] as Array<[string, string]>,
    };
    const office = await buildOffice(trx, {
      name: 'Bürgerbüro Soziales',
      orgUnitId: refs.orgUnit('50'),
      address: 'Rathausplatz 1, 12345 Musterstadt',
      directions:
        'Haupteingang Rathaus, Erdgeschoss links, Wartebereich Bürgerbüro. Stadtbahn U1, Haltestelle Rathaus; Parkhaus Marktplatz. Barrierefreier Zugang über den Seiteneingang Kirchstraße.',
      mapUrl: 'https://www.openstreetmap.org/?mlat=48.7758&mlon=9.1829#map=18/48.7758/9.1829',
      videoUrlTemplate: 'https://meet.musterstadt.example/buergerbuero-{room}',
      openingHours: opening,
      slotIntervalMinutes: 15,
    });
    const berger = await buildClerk(trx, {
      officeId: office.id,
      personId: refs.person('sb50'),
      letters: ['A', 'K'],
      schedule: opening,
    });
    const yilmaz = await buildClerk(trx, {
      officeId: office.id,
      personId: refs.person('sb50b'),
      letters: ['L', 'Z'],
      schedule: opening,
    });
    await setDeputy(trx, berger.id, yilmaz.id);
    await setDeputy(trx, yilmaz.id, berger.id);
    const clerkIds = [berger.id, yilmaz.id];
    await buildService(trx, {
      officeId: office.id,
      nameDe: 'Wohngeld Erstberatung',
      nameEn: 'Housing benefit – first consultation',
      durationMinutes: 45,
      modes: ['inPerson', 'phone', 'video'],
      leadTimeMinutes: 120,
      horizonDays: 56,
      bufferMinutes: 0,
      documentsDe:
        'Personalausweis oder Reisepass\nMietvertrag und letzte Nebenkostenabrechnung\nEinkommensnachweise der letzten 12 Monate aller Haushaltsmitglieder',
      documentsEn:
        'Identity card or passport\nTenancy agreement and last service charge statement\nProof of income of all household members for the last 12 months',
      clerkIds,
      position: 1,
    });
    await buildService(trx, {
      officeId: office.id,
      nameDe: 'Wohngeld Weiterleistungsantrag',
      nameEn: 'Housing benefit – renewal',
      durationMinutes: 30,
      modes: ['inPerson', 'phone'],
      leadTimeMinutes: 120,
      documentsDe: 'Bescheid des letzten Bewilligungszeitraums\nAktuelle Einkommensnachweise',
      documentsEn: 'Notice of the last approval period\nCurrent proof of income',
      clerkIds,
      position: 2,
    });
    await buildService(trx, {
      officeId: office.id,
      nameDe: 'Grundsicherung Beratung',
      nameEn: 'Basic income support – consultation',
      durationMinutes: 60,
      modes: ['inPerson', 'video'],
      leadTimeMinutes: 1440,
      bufferMinutes: 15,
      documentsDe: 'Personalausweis\nKontoauszüge der letzten 3 Monate\nRentenbescheid (falls vorhanden)',
      documentsEn: 'Identity card\nBank statements of the last 3 months\nPension notice (if any)',
      clerkIds,
      position: 3,
    });
    await buildService(trx, {
      officeId: office.id,
      nameDe: 'Unterlagen abgeben',
      nameEn: 'Hand in documents',
      durationMinutes: 15,
      modes: ['inPerson'],
      leadTimeMinutes: 60,
      documentsDe: 'Die nachgeforderten Unterlagen und Ihr Aktenzeichen',
      documentsEn: 'The documents requested and your file number',
      clerkIds,
      position: 4,
    });
  });
}
