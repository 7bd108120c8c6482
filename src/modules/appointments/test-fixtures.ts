import { randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { parseIcs } from '../../../test/helpers/ics';
import { type ReceivedMail, startSmtpSink } from '../../../test/helpers/smtp-sink';
import type { DB } from '../../db/schema';
import { createMailTransport, deliverDueMail } from '../mail/outbox';
import { buildOrgUnit, buildPerson } from '../org/builders';
import { type AltchaChallenge, encodeSolution, solveChallenge } from './altcha';
import { buildClerk, buildOffice, buildService, setDeputy, weekdaysHours } from './builders';
import type { ConsultationMode } from './tables';

/** One office with a 45-minute concern and two clerks (A–K, L–Z) who deputise for each other; for tests. */
export async function buildAppointmentTenant(db: Kysely<DB>) {
  const unit = await buildOrgUnit(db, { kind: 'department' });
  const clerkAK = await buildPerson(db, { orgUnitId: unit.id, name: 'Anna Adler' });
  const clerkLZ = await buildPerson(db, { orgUnitId: unit.id, name: 'Lars Lange' });
  const office = await buildOffice(db, {
    orgUnitId: unit.id,
    openingHours: weekdaysHours([['08:00', '12:00']]),
  });
  const ak = await buildClerk(db, { officeId: office.id, personId: clerkAK.id, letters: ['A', 'K'] });
  const lz = await buildClerk(db, { officeId: office.id, personId: clerkLZ.id, letters: ['L', 'Z'] });
  await setDeputy(db, ak.id, lz.id);
  await setDeputy(db, lz.id, ak.id);
  const service = await buildService(db, {
    officeId: office.id,
    nameDe: 'Wohngeld Erstberatung',
    nameEn: 'Housing benefit first consultation',
    durationMinutes: 45,
    documentsDe: 'Personalausweis\nMietvertrag',
    documentsEn: 'Identity card\nTenancy agreement',
    clerkIds: [ak.id, lz.id],
  });
  const phoneOnly = await buildService(db, {
    officeId: office.id,
    nameDe: 'Rückfrage',
    durationMinutes: 15,
    modes: ['phone'] as ConsultationMode[],
    clerkIds: [ak.id, lz.id],
  });
  return { unit, office, service, phoneOnly, clerkAK, clerkLZ, clerks: { ak: ak.id, lz: lz.id } };
}

// 24 random bits per test file, counted up from there: test files run in parallel on one shared
// PostgreSQL database, and some of them use up the rate limit of an address on purpose (a collision
// with such an address once failed CI with a 429; with 8 random bits that was a matter of time)
let ipCounter = randomInt(1 << 24);
/** A fresh client address per call, so the per-IP rate limit of one test does not hit another. */
export const freshIp = () => {
  const n = ipCounter++ & 0xffffff;
  return `10.${n >> 16}.${(n >> 8) & 255}.${n & 255}`;
};

/**
 * `&from=` an hour from now, for slot searches whose slots a test then books. With lead time 0 the
 * first free slot during opening hours begins within 15 minutes — a test that takes a few seconds
 * could see it begin and get 422 "in the past". Nothing when the search has a `from` of its own.
 */
export const slotsAhead = (extra = '') =>
  extra.includes('from=')
    ? ''
    : `&from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`;

/** The body of `POST /api/v1/appointments/absences`: the clerk is off sick the whole local day of `at`. */
export const sickOnDayOf = (clerkId: number, at: Date | string) => {
  const day = new Date(at);
  return {
    clerkId,
    startsAt: new Date(day.getFullYear(), day.getMonth(), day.getDate()).toISOString(),
    endsAt: new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1).toISOString(),
    kind: 'sickness',
  };
};

/** Fetches a challenge from the API and solves it like the browser does. */
export async function solvedAltcha(app: FastifyInstance): Promise<string> {
  const res = await app.inject({ url: '/api/v1/public/challenge' });
  const challenge = res.json() as AltchaChallenge;
  const number = solveChallenge(challenge);
  if (number === null) throw new Error('challenge not solvable');
  return encodeSolution(challenge, number);
}

/**
 * A citizen's hold through the public API (`POST /api/v1/public/appointments`) with a freshly solved
 * proof of work; defaults: the tenant's concern, in person, "Erika Mustermann", a random e-mail
 * address, a new client address. Returns the response as it is.
 */
export async function postHold(
  app: FastifyInstance,
  tenant: { service: { id: number } },
  fields: { startsAt: string } & Record<string, unknown>,
  options: { ip?: string; headers?: Record<string, string> } = {},
) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/public/appointments',
    remoteAddress: options.ip ?? freshIp(),
    headers: options.headers,
    payload: {
      serviceId: tenant.service.id,
      mode: 'inPerson',
      name: 'Erika Mustermann',
      email: `erika.${Math.random().toString(36).slice(2)}@example.org`,
      altcha: await solvedAltcha(app),
      ...fields,
    },
  });
}

/**
 * An SMTP server on loopback and the outbox's transport to it, for tests that read the appointment
 * mails as a mailbox receives them: `deliver(bookingNumber)` sends the pending outbox mails of one
 * booking (scoped to it: other test files share the outbox on PostgreSQL) and returns them as received.
 */
export async function openAppointmentMailbox(db: Kysely<DB>) {
  const sink = await startSmtpSink();
  const transport = createMailTransport(sink.url);
  return {
    async deliver(bookingNumber: string): Promise<ReceivedMail[]> {
      const rows = await db
        .selectFrom('outbound_mail')
        .select('id')
        .where('subject', 'like', `%${bookingNumber}%`)
        .where('state', '=', 'pending')
        .execute();
      const before = sink.received.length;
      await deliverDueMail(db, transport, { ids: rows.map((r) => r.id) });
      return (await sink.waitFor(before + rows.length)).slice(before);
    },
    async close() {
      transport.close();
      await sink.close();
    },
  };
}

/** The parsed iCalendar attachment of a received mail. */
export function icsOf(mail: ReceivedMail | undefined) {
  const part = mail?.parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (!part) throw new Error('no calendar attachment');
  return parseIcs(part.content.toString());
}

/** Lets an appointment have begun ten minutes ago (it runs for 35 more): what citizens may no longer change. */
export async function markBegun(db: Kysely<DB>, appointmentId: number) {
  await db
    .updateTable('appointments')
    .set({
      starts_at: sql`now() - interval '10 minutes'`,
      ends_at: sql`now() + interval '35 minutes'`,
      blocked_until: sql`now() + interval '35 minutes'`,
    })
    .where('id', '=', appointmentId)
    .execute();
}
