import { createHmac } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../../config';
import type { DB } from '../../db/schema';
import { sha256 } from '../../shared/tokens';
import type { AppointmentView } from './mails';

type Db = Kysely<DB> | Transaction<DB>;

/** Everything the mails and pages show about one appointment. */
export async function loadAppointmentView(db: Db, id: number): Promise<AppointmentView> {
  const row = await db
    .selectFrom('appointments as a')
    .innerJoin('appointment_offices as o', 'o.id', 'a.office_id')
    .innerJoin('appointment_clerks as c', 'c.id', 'a.clerk_id')
    .innerJoin('persons as p', 'p.id', 'c.person_id')
    .select([
      'a.id',
      'a.booking_number',
      'a.mode',
      'a.starts_at',
      'a.ends_at',
      'a.locale',
      'a.citizen_name',
      'a.citizen_email',
      'a.citizen_phone',
      'a.ics_sequence',
      'a.video_room',
      'o.name as office_name',
      'o.address',
      'o.directions',
      'o.map_url',
      'o.phone_note',
      'o.video_url_template',
      'p.name as clerk_name',
      'p.email as clerk_email',
    ])
    .where('a.id', '=', id)
    .executeTakeFirstOrThrow();
  const services = await db
    .selectFrom('appointment_items as i')
    .innerJoin('appointment_services as s', 's.id', 'i.service_id')
    .select(['s.name_de', 's.name_en', 's.documents_de', 's.documents_en'])
    .where('i.appointment_id', '=', id)
    .orderBy('s.position')
    .orderBy('s.id')
    .execute();
  return {
    id: row.id,
    bookingNumber: row.booking_number,
    mode: row.mode,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    locale: row.locale,
    citizenName: row.citizen_name,
    citizenEmail: row.citizen_email,
    citizenPhone: row.citizen_phone,
    sequence: row.ics_sequence,
    videoUrl:
      row.mode === 'video' && row.video_room && row.video_url_template
        ? row.video_url_template.replace('{room}', row.video_room)
        : null,
    office: {
      name: row.office_name,
      address: row.address,
      directions: row.directions,
      mapUrl: row.map_url,
      phoneNote: row.phone_note,
    },
    services: services.map((s) => ({
      nameDe: s.name_de,
      nameEn: s.name_en,
      documentsDe: s.documents_de,
      documentsEn: s.documents_en,
    })),
    clerk: { name: row.clerk_name, email: row.clerk_email },
  };
}

/**
 * The cancel token is derived (HMAC of the appointment) instead of stored, so the reminder mail can
 * repeat the link; only its hash is stored for the lookup.
 */
export function cancelToken(hmacKey: string, appointmentId: number, bookingNumber: string): string {
  return createHmac('sha256', hmacKey).update(`cancel:${appointmentId}:${bookingNumber}`).digest('base64url');
}

/** The code for the status lookup (booking number + code), derived like the cancel token; 10 characters. */
export function statusCode(hmacKey: string, appointmentId: number, bookingNumber: string): string {
  return createHmac('sha256', hmacKey)
    .update(`status:${appointmentId}:${bookingNumber}`)
    .digest('base64url')
    .replace(/[-_]/g, '')
    .slice(0, 10)
    .toUpperCase();
}

export const tokenHash = (token: string) => sha256(`appointment:${token}`);

export const confirmUrl = (config: Pick<Config, 'publicUrl'>, token: string) =>
  `${config.publicUrl}/termine/bestaetigen/${token}`;
export const cancelUrl = (config: Pick<Config, 'publicUrl'>, token: string) =>
  `${config.publicUrl}/termine/absagen/${token}`;
/** the booking page: "book another appointment" (after a cancellation) */
export const rebookUrl = (config: Pick<Config, 'publicUrl'>) => `${config.publicUrl}/termine`;
/** the citizen's page to move the appointment: the cancel token is the appointment's management link */
export const moveUrl = (config: Pick<Config, 'publicUrl'>, token: string) =>
  `${config.publicUrl}/termine/verschieben/${token}`;
