/**
 * Handing a booked appointment from one clerk to another — shared by the absence forwarding
 * (deputy), the clerk's "forward" and "rebook": can this clerk take it, who may change it, and the
 * calendar mails (CANCEL to the old clerk, REQUEST to the new one, or one updated REQUEST).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Config } from '../../config';
import type { DB } from '../../db/schema';
import { AppError } from '../../http/errors';
import type { Actor } from '../auth/actor';
import { enqueueMail } from '../mail/outbox';
import { type AppointmentView, clerkInvitationMail, withClerkNote } from './mails';
import { toWeeklyMinutes } from './slots';

type Db = Kysely<DB> | Transaction<DB>;

/** Why a clerk cannot take an appointment at its time (null: they can). */
export type TakeRefusal =
  | 'unknown'
  | 'otherOffice'
  | 'inactive'
  | 'notResponsible'
  | 'outsideSchedule'
  | 'busy';

/**
 * Whether the clerk can take the appointment at its current time: active (and their person),
 * in the appointment's office, handles all its concerns, works then (schedule), and is neither
 * booked nor absent then.
 */
export async function clerkCanTake(
  db: Db,
  clerkId: number,
  a: { id: number; office_id: number; starts_at: Date; ends_at: Date; blocked_until: Date },
): Promise<TakeRefusal | null> {
  const clerk = await db
    .selectFrom('appointment_clerks as c')
    .innerJoin('persons as p', 'p.id', 'c.person_id')
    .select(['c.schedule', 'c.active', 'c.office_id', 'p.active as person_active'])
    .where('c.id', '=', clerkId)
    .executeTakeFirst();
  if (!clerk) return 'unknown';
  if (clerk.office_id !== a.office_id) return 'otherOffice';
  if (!clerk.active || !clerk.person_active) return 'inactive';
  const missing = await db
    .selectFrom('appointment_items as i')
    .select('i.service_id')
    .where('i.appointment_id', '=', a.id)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('appointment_service_clerks as sc')
            .select(sql`1`.as('one'))
            .whereRef('sc.service_id', '=', 'i.service_id')
            .where('sc.clerk_id', '=', clerkId),
        ),
      ),
    )
    .execute();
  if (missing.length > 0) return 'notResponsible';
  const windows = toWeeklyMinutes(clerk.schedule)[a.starts_at.getDay()] ?? [];
  const startMinute = a.starts_at.getHours() * 60 + a.starts_at.getMinutes();
  const endMinute = startMinute + Math.round((a.ends_at.getTime() - a.starts_at.getTime()) / 60_000);
  if (!windows.some(([s, e]) => startMinute >= s && endMinute <= e)) return 'outsideSchedule';
  const busy = await db
    .selectFrom('appointments')
    .select('id')
    .where('clerk_id', '=', clerkId)
    .where('id', '!=', a.id)
    // a hold counts until it is marked expired: it still trips the exclusion constraint
    .where('status', 'in', ['held', 'confirmed'])
    .where('starts_at', '<', a.blocked_until)
    .where('blocked_until', '>', a.starts_at)
    .unionAll(
      db
        .selectFrom('appointment_absences')
        .select('id')
        .where('clerk_id', '=', clerkId)
        .where('starts_at', '<', a.blocked_until)
        .where('ends_at', '>', a.starts_at),
    )
    .execute();
  return busy.length === 0 ? null : 'busy';
}

/** Holds of this clerk in the range that ran out but are not marked yet: they would still trip the constraint. */
export async function expireStaleHolds(trx: Transaction<DB>, clerkId: number, from: Date, to: Date) {
  await trx
    .updateTable('appointments')
    .set({ status: 'expired' })
    .where('clerk_id', '=', clerkId)
    .where('status', '=', 'held')
    .where('hold_expires_at', '<=', new Date())
    .where('starts_at', '<', to)
    .where('blocked_until', '>', from)
    .execute();
}

/**
 * The clerks' calendars after a change: the clerk changed → METHOD:CANCEL to the old clerk (the
 * event as it was, with the new SEQUENCE) and METHOD:REQUEST to the new one; same clerk → one
 * REQUEST with the same UID and the higher SEQUENCE (Outlook updates the entry in place).
 */
export async function updateClerkCalendars(
  trx: Transaction<DB>,
  config: Config,
  before: AppointmentView,
  after: AppointmentView,
  clerkChanged: boolean,
  note?: { from: string; text: string } | null,
) {
  if (clerkChanged && before.clerk.email)
    await enqueueMail(
      trx,
      config,
      clerkInvitationMail(config, { ...before, sequence: after.sequence }, 'CANCEL'),
    );
  if (after.clerk.email) {
    const invitation = clerkInvitationMail(config, after, 'REQUEST');
    await enqueueMail(trx, config, note?.text ? withClerkNote(invitation, note.from, note.text) : invitation);
  }
}

export interface ChangeableAppointment {
  id: number;
  booking_number: string;
  status: string;
  office_id: number;
  clerk_id: number;
  mode: 'inPerson' | 'phone' | 'video';
  starts_at: Date;
  ends_at: Date;
  blocked_until: Date;
  citizen_name: string;
  video_room: string | null;
}

/**
 * Who may rebook or forward: the appointment's clerk, any active clerk of the same office (they
 * stand in for each other), and administrators; for anyone else the appointment does not exist
 * (404). Only confirmed appointments that have not begun can change (409 otherwise).
 */
export async function loadChangeableAppointment(
  db: Db,
  actor: Actor,
  id: number,
  options: { lock: boolean; now?: Date },
): Promise<ChangeableAppointment> {
  let query = db
    .selectFrom('appointments as a')
    .select([
      'a.id',
      'a.booking_number',
      'a.status',
      'a.office_id',
      'a.clerk_id',
      'a.mode',
      'a.starts_at',
      'a.ends_at',
      'a.blocked_until',
      'a.citizen_name',
      'a.video_room',
    ])
    .where('a.id', '=', id)
    .$if(!actor.isAdmin, (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('appointment_clerks as mine')
            .select(sql`1`.as('one'))
            .whereRef('mine.office_id', '=', 'a.office_id')
            .where('mine.person_id', '=', actor.id)
            .where((w) => w.or([w('mine.active', '=', true), w('mine.id', '=', w.ref('a.clerk_id'))])),
        ),
      ),
    );
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError(404, 'appointmentNotVisible');
  if (row.status === 'cancelled') throw new AppError(409, 'appointmentAlreadyCancelled');
  if (row.status !== 'confirmed') throw new AppError(409, 'appointmentNotChangeable');
  if (row.starts_at <= (options.now ?? new Date())) throw new AppError(409, 'appointmentAlreadyBegun');
  return row;
}
