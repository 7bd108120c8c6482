import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { ConsultationMode, WeeklyHours } from './tables';

// Builders with overrides: used by the demo data, the tests and the benchmark.
type Db = Kysely<DB> | Transaction<DB>;

export const weekdaysHours = (windows: Array<[string, string]>, days = [1, 2, 3, 4, 5]): WeeklyHours =>
  Object.fromEntries(days.map((d) => [String(d), windows]));

export async function buildOffice(
  db: Db,
  overrides: {
    name?: string;
    orgUnitId?: number | null;
    openingHours?: WeeklyHours;
    address?: string;
    directions?: string;
    mapUrl?: string | null;
    videoUrlTemplate?: string | null;
    slotIntervalMinutes?: number;
  } = {},
) {
  return db
    .insertInto('appointment_offices')
    .values({
      name: overrides.name ?? `Bürgerbüro ${Math.random().toString(36).slice(2, 8)}`,
      org_unit_id: overrides.orgUnitId ?? null,
      address: overrides.address ?? 'Rathausplatz 1, 12345 Musterstadt',
      directions: overrides.directions ?? 'Eingang B, 2. OG, Zimmer 204. Bus 5, Haltestelle Rathaus.',
      map_url:
        overrides.mapUrl === undefined
          ? 'https://www.openstreetmap.org/?mlat=48.1&mlon=9.1'
          : overrides.mapUrl,
      opening_hours: JSON.stringify(overrides.openingHours ?? weekdaysHours([['08:00', '16:00']])),
      video_url_template:
        overrides.videoUrlTemplate === undefined
          ? 'https://meet.musterstadt.example/{room}'
          : overrides.videoUrlTemplate,
      phone_note: 'Wir rufen Sie zur vereinbarten Zeit unter der angegebenen Nummer an.',
      slot_interval_minutes: overrides.slotIntervalMinutes ?? 15,
    })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
}

export async function buildService(
  db: Db,
  overrides: {
    officeId: number;
    nameDe?: string;
    nameEn?: string;
    durationMinutes?: number;
    modes?: ConsultationMode[];
    leadTimeMinutes?: number;
    horizonDays?: number;
    bufferMinutes?: number;
    documentsDe?: string;
    documentsEn?: string;
    clerkIds?: number[];
    position?: number;
  },
) {
  const service = await db
    .insertInto('appointment_services')
    .values({
      office_id: overrides.officeId,
      name_de: overrides.nameDe ?? 'Beratung',
      name_en: overrides.nameEn ?? 'Consultation',
      duration_minutes: overrides.durationMinutes ?? 30,
      modes: overrides.modes ?? ['inPerson', 'phone', 'video'],
      lead_time_minutes: overrides.leadTimeMinutes ?? 0,
      horizon_days: overrides.horizonDays ?? 56,
      buffer_minutes: overrides.bufferMinutes ?? 0,
      documents_de: overrides.documentsDe ?? 'Personalausweis',
      documents_en: overrides.documentsEn ?? 'Identity card',
      position: overrides.position ?? 0,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  if (overrides.clerkIds?.length)
    await db
      .insertInto('appointment_service_clerks')
      .values(overrides.clerkIds.map((clerkId) => ({ service_id: service.id, clerk_id: clerkId })))
      .execute();
  return service;
}

export async function buildClerk(
  db: Db,
  overrides: {
    officeId: number;
    personId: number;
    letters?: [string, string] | null;
    schedule?: WeeklyHours;
    deputyClerkId?: number | null;
  },
) {
  return db
    .insertInto('appointment_clerks')
    .values({
      office_id: overrides.officeId,
      person_id: overrides.personId,
      letter_from: overrides.letters?.[0] ?? null,
      letter_to: overrides.letters?.[1] ?? null,
      schedule: JSON.stringify(
        overrides.schedule ?? weekdaysHours([['00:00', '24:00']], [0, 1, 2, 3, 4, 5, 6]),
      ),
      deputy_clerk_id: overrides.deputyClerkId ?? null,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export async function setDeputy(db: Db, clerkId: number, deputyClerkId: number | null) {
  await db
    .updateTable('appointment_clerks')
    .set({ deputy_clerk_id: deputyClerkId })
    .where('id', '=', clerkId)
    .execute();
}
