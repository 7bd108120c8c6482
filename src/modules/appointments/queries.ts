import { type Kysely, sql } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { AppError } from '../../http/errors';
import { safeEqual } from '../../shared/tokens';
import type { Actor } from '../auth/actor';
import { loadSettings } from './availability';
import { listDocumentsOf, mayReadDocuments } from './documents';
import { loadAppointmentView, statusCode } from './repository';
import type { ConsultationMode } from './tables';

export async function listPublicOffices(db: Kysely<DB>) {
  const rows = await db
    .selectFrom('appointment_offices')
    .select(['id', 'name', 'address', 'directions', 'map_url', 'opening_hours'])
    .where('active', '=', true)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('appointment_services')
          .select(sql`1`.as('one'))
          .whereRef('appointment_services.office_id', '=', 'appointment_offices.id')
          .where('appointment_services.active', '=', true),
      ),
    )
    .orderBy('name')
    .execute();
  return rows.map((o) => ({
    id: o.id,
    name: o.name,
    address: o.address,
    directions: o.directions,
    mapUrl: o.map_url,
    openingHours: o.opening_hours,
  }));
}

/** null when the office does not exist (404) */
export async function listPublicServices(db: Kysely<DB>, officeId: number, locale: 'de' | 'en') {
  const office = await db
    .selectFrom('appointment_offices')
    .select('id')
    .where('id', '=', officeId)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!office) return null;
  const rows = await db
    .selectFrom('appointment_services')
    .selectAll()
    // are the clerks of this concern split by the initial letter of the surname? Then the booking
    // page asks for it before showing slots (issue 7: a slot of the other range would answer 409)
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('appointment_service_clerks as sc')
            .innerJoin('appointment_clerks as c', 'c.id', 'sc.clerk_id')
            .select(sql`1`.as('one'))
            .whereRef('sc.service_id', '=', 'appointment_services.id')
            .where('c.active', '=', true)
            .where('c.letter_from', 'is not', null),
        )
        .as('by_surname'),
    )
    .where('office_id', '=', officeId)
    .where('active', '=', true)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((s) => ({
    id: s.id,
    officeId: s.office_id,
    name: locale === 'en' ? s.name_en : s.name_de,
    durationMinutes: s.duration_minutes,
    documents: locale === 'en' ? s.documents_en : s.documents_de,
    modes: s.modes as ConsultationMode[],
    leadTimeMinutes: s.lead_time_minutes,
    horizonDays: s.horizon_days,
    bySurname: Boolean(s.by_surname),
  }));
}

/** The caller's own appointments (as clerk in any office) on the given local days. */
export async function listMyAppointments(
  db: Kysely<DB>,
  actor: Actor,
  query: MyAppointmentsRange,
  locale: 'de' | 'en',
) {
  const { from, to } = myAppointmentsRange(query);
  const rows = await db
    .selectFrom('appointments as a')
    .innerJoin('appointment_clerks as c', 'c.id', 'a.clerk_id')
    .innerJoin('appointment_offices as o', 'o.id', 'a.office_id')
    .innerJoin('persons as cp', 'cp.id', 'c.person_id')
    .select([
      'cp.name as clerk_name',
      'c.person_id',
      'a.id',
      'a.booking_number',
      'a.status',
      'a.mode',
      'a.starts_at',
      'a.ends_at',
      'a.citizen_name',
      'a.citizen_email',
      'a.citizen_phone',
      'a.video_room',
      'a.flag',
      'a.clerk_id',
      'o.name as office_name',
      'o.video_url_template',
      sql<
        string[]
      >`(SELECT array_agg(${sql.ref(locale === 'en' ? 's.name_en' : 's.name_de')} ORDER BY s.position, s.id)
        FROM appointment_items i JOIN appointment_services s ON s.id = i.service_id WHERE i.appointment_id = a.id)`.as(
        'services',
      ),
    ])
    .$if(query.scope !== 'office', (q) => q.where('c.person_id', '=', actor.id))
    // the whole office: every office in which the caller is an active clerk
    .$if(query.scope === 'office', (q) =>
      q.where('a.office_id', 'in', (eb) =>
        eb
          .selectFrom('appointment_clerks as mine')
          .select('mine.office_id')
          .where('mine.person_id', '=', actor.id)
          .where('mine.active', '=', true),
      ),
    )
    .where('a.starts_at', '>=', from)
    .where('a.starts_at', '<', to)
    .where('a.status', 'in', ['held', 'confirmed', 'done', 'noShow', 'cancelled'])
    .orderBy('a.starts_at')
    .execute();
  // the documents of the page in one query, only for the appointments the caller may read them of
  const documents = await listDocumentsOf(
    db,
    rows.filter((a) => mayReadDocuments(actor, a.person_id)).map((a) => a.id),
  );
  return rows.map((a) => ({
    id: a.id,
    bookingNumber: a.booking_number,
    status: a.status,
    mode: a.mode,
    startsAt: a.starts_at,
    endsAt: a.ends_at,
    citizenName: a.citizen_name,
    citizenEmail: a.citizen_email,
    citizenPhone: a.citizen_phone,
    services: a.services ?? [],
    officeName: a.office_name,
    videoUrl:
      a.mode === 'video' && a.video_room && a.video_url_template
        ? a.video_url_template.replace('{room}', a.video_room)
        : null,
    flag: a.flag,
    clerkId: a.clerk_id,
    clerkName: a.clerk_name,
    own: a.person_id === actor.id,
    documents: mayReadDocuments(actor, a.person_id) ? (documents.get(a.id) ?? []) : undefined,
  }));
}

export interface MyAppointmentsRange {
  date?: string;
  days: number;
  /** week: Monday to Sunday of the week that contains `date` (default today) */
  view?: 'day' | 'week';
  /** local days, both inclusive (instead of date/days) */
  from?: string;
  to?: string;
  /** office: the appointments of all clerks of the caller's offices (default: own) */
  scope?: 'mine' | 'office';
}

/**
 * Local midnights [from, to): built with `new Date(y, m, d)` per day, so a week across a DST switch
 * is 7 local days (167 or 169 hours), not 7 × 24 hours.
 */
export function myAppointmentsRange(query: MyAppointmentsRange): { from: Date; to: Date } {
  const ymd = (s: string) => s.split('-').map(Number);
  if (query.from) {
    const [y, m, d] = ymd(query.from);
    const [ty, tm, td] = ymd(query.to ?? query.from);
    return { from: new Date(y, m - 1, d), to: new Date(ty, tm - 1, td + 1) };
  }
  const [y, m, d] = ymd(query.date ?? localToday());
  if (query.view === 'week') {
    const monday = d - ((new Date(y, m - 1, d).getDay() + 6) % 7);
    return { from: new Date(y, m - 1, monday), to: new Date(y, m - 1, monday + 7) };
  }
  return { from: new Date(y, m - 1, d), to: new Date(y, m - 1, d + query.days) };
}

function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Booking number + code from the mail → the appointment; a wrong code looks like an unknown number (404). */
export async function lookupAppointment(ctx: AppContext, bookingNumber: string, code: string) {
  const settings = await loadSettings(ctx.db);
  const row = await ctx.db
    .selectFrom('appointments')
    .select(['id', 'status', 'anonymised_at'])
    .where('booking_number', '=', bookingNumber)
    .executeTakeFirst();
  if (
    !row ||
    row.anonymised_at ||
    !safeEqual(statusCode(settings.hmac_key, row.id, bookingNumber), code.toUpperCase())
  )
    throw new AppError(404, 'appointmentNotFound');
  return { ...(await loadAppointmentView(ctx.db, row.id)), status: row.status };
}

/** The clerk rows (one per office) of the caller. */
export function listOwnClerks(db: Kysely<DB>, actor: Actor) {
  return db
    .selectFrom('appointment_clerks as c')
    .innerJoin('appointment_offices as o', 'o.id', 'c.office_id')
    .select(['c.id', 'o.name as office_name'])
    .where('c.person_id', '=', actor.id)
    .orderBy('o.name')
    .execute();
}

/** Display names of clerks (for the rebook slot list). */
export async function listClerkNames(db: Kysely<DB>, clerkIds: number[]) {
  if (clerkIds.length === 0) return [];
  return db
    .selectFrom('appointment_clerks as c')
    .innerJoin('persons as p', 'p.id', 'c.person_id')
    .select(['c.id', 'p.name'])
    .where('c.id', 'in', clerkIds)
    .orderBy('p.name')
    .execute();
}
