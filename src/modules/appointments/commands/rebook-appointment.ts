import { sql, type Transaction } from 'kysely';
import type { AppContext } from '../../../context';
import { isExclusionViolation, statementInTransaction } from '../../../db/pg-errors';
import type { DB } from '../../../db/schema';
import { AppError } from '../../../http/errors';
import { randomToken } from '../../../shared/tokens';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { enqueueMail } from '../../mail/outbox';
import {
  type BookableServices,
  findSlots,
  loadBookableServices,
  loadSettings,
  loadSlotClerks,
} from '../availability';
import {
  type ChangeableAppointment,
  expireStaleHolds,
  loadChangeableAppointment,
  updateClerkCalendars,
} from '../handover';
import { type AppointmentView, rebookedMail } from '../mails';
import { cancelToken, cancelUrl, loadAppointmentView, moveUrl } from '../repository';
import { clerkCoversLetter, type Slot, type SlotClerk, surnameInitial } from '../slots';
import type { ConsultationMode } from '../tables';

export interface RebookInput {
  startsAt: Date;
  mode?: ConsultationMode;
  clerkId?: number;
}

export const serviceIdsOf = async (db: AppContext['db'], appointmentId: number) =>
  (
    await db
      .selectFrom('appointment_items')
      .select('service_id')
      .where('appointment_id', '=', appointmentId)
      .orderBy('service_id')
      .execute()
  ).map((r) => r.service_id);

/**
 * Clerks who may take the appointment in a rebook, with their busy ranges: the appointment's own
 * clerk (even outside their letter range — they hold it already, perhaps as deputy) first, then the
 * other responsible clerks of the office whose letter range covers the citizen. The appointment's
 * own range is not busy (it moves). The anti-slot-trading block applies only to the citizen's move.
 */
export async function rebookClerks(
  db: AppContext['db'] | Transaction<DB>,
  appointment: Pick<
    ChangeableAppointment,
    'id' | 'clerk_id' | 'starts_at' | 'blocked_until' | 'citizen_name'
  >,
  serviceIds: number[],
  from: Date,
  to: Date,
  now: Date,
  /** the citizen's own move keeps the anti-slot-trading block (settings); a clerk's rebook does not */
  cancelledBlockMinutes = 0,
): Promise<SlotClerk[]> {
  const clerks = await loadSlotClerks(
    db,
    serviceIds,
    from,
    to,
    cancelledBlockMinutes,
    now,
    undefined,
    appointment.id,
  );
  const own = [appointment.starts_at.getTime(), appointment.blocked_until.getTime()];
  const initial = surnameInitial(appointment.citizen_name);
  const result: SlotClerk[] = [];
  for (const clerk of clerks) {
    if (clerk.id === appointment.clerk_id) {
      const index = clerk.busy.findIndex(([s, e]) => s === own[0] && e === own[1]);
      const busy = index < 0 ? clerk.busy : clerk.busy.filter((_, i) => i !== index);
      result.unshift({ ...clerk, busy });
    } else if (clerkCoversLetter(clerk, initial)) result.push(clerk);
  }
  return result;
}

/**
 * Slots for a clerk's rebook: the office's slot rules (opening hours, schedules, holidays, closing
 * days, horizon) without the citizens' lead time — a clerk may move an appointment to any free time
 * from now on.
 */
export function rebookSlots(
  ctx: AppContext,
  bookable: BookableServices,
  clerks: SlotClerk[],
  search: { from: Date; to: Date; now: Date; withBusy?: boolean; limit?: number },
): Slot[] {
  const shiftedNow = new Date(search.now.getTime() - bookable.rules.leadTimeMinutes * 60_000);
  return findSlots(ctx.config.land, bookable, clerks, {
    from: new Date(Math.max(search.from.getTime(), search.now.getTime())),
    to: search.to,
    now: shiftedNow,
    withBusy: search.withBusy,
    limit: search.limit,
    surnameInitial: null,
  });
}

/**
 * The clerk moves a confirmed appointment to another free slot (and/or mode, and/or clerk) in one
 * transaction: slot check on the locked row, exclusion constraint as the last word (409), calendar
 * mails to the clerk(s), the citizen's mail with the new time and a new .ics (same UID, higher
 * SEQUENCE), audit row.
 */
export async function rebookAppointment(ctx: AppContext, actor: Actor, id: number, input: RebookInput) {
  const now = new Date();
  // reference data before the transaction (PGlite has one connection)
  const preview = await loadChangeableAppointment(ctx.db, actor, id, { lock: false, now });
  const mode = input.mode ?? preview.mode;
  const serviceIds = await serviceIdsOf(ctx.db, id);
  const bookable = await loadBookableServices(ctx.db, serviceIds, mode);
  const settings = await loadSettings(ctx.db);
  if (input.startsAt.getTime() <= now.getTime()) throw new AppError(422, 'appointmentSlotInPast');
  const { durationMinutes, bufferMinutes } = bookable.rules;
  const startsAt = input.startsAt;
  const endsAt = new Date(startsAt.getTime() + durationMinutes * 60_000);
  const blockedUntil = new Date(endsAt.getTime() + bufferMinutes * 60_000);

  return ctx.db.transaction().execute(async (trx) => {
    const current = await loadChangeableAppointment(trx, actor, id, { lock: true, now });
    const targetId = input.clerkId ?? current.clerk_id;
    if (
      startsAt.getTime() === current.starts_at.getTime() &&
      mode === current.mode &&
      targetId === current.clerk_id
    )
      throw new AppError(422, 'appointmentRebookUnchanged');
    const clerks = await rebookClerks(trx, current, serviceIds, startsAt, blockedUntil, now);
    const target = clerks.find((c) => c.id === targetId);
    if (!target)
      throw new AppError(422, 'appointmentClerkNotResponsible', {}, [
        { field: 'body.clerkId', message: 'not responsible for this appointment' },
      ]);
    const search = { from: startsAt, to: new Date(startsAt.getTime() + 60_000), now };
    const at = (slots: Slot[]) => slots.find((s) => s.startsAt.getTime() === startsAt.getTime());
    if (!at(rebookSlots(ctx, bookable, [target], { ...search, withBusy: false })))
      throw new AppError(422, 'appointmentSlotUnavailable', {}, [
        { field: 'body.startsAt', message: 'not a slot of this clerk' },
      ]);
    if (!at(rebookSlots(ctx, bookable, [target], search))) throw new AppError(409, 'appointmentSlotTaken');

    const after = await applyMove(
      trx,
      ctx,
      current,
      { startsAt, endsAt, blockedUntil, mode, clerkId: targetId },
      { actor, by: 'clerk', hmacKey: settings.hmac_key },
    );
    return { view: after, status: 'confirmed' as const, clerkId: targetId };
  });
}

export interface MoveTarget {
  startsAt: Date;
  endsAt: Date;
  blockedUntil: Date;
  mode: ConsultationMode;
  clerkId: number;
}

/**
 * The write of a move, shared by the clerk's rebook and the citizen's own move (move-appointment.ts),
 * inside the caller's transaction on the locked row whose slot was checked: mark the target clerk's
 * stale holds expired, UPDATE (the exclusion constraint has the last word: 23P01 → 409), the
 * clerks' calendars, the citizen's mail (new .ics: same UID, higher SEQUENCE) and the audit row.
 * The citizen's move also counts the move and records the vacated range, so the anti-slot-trading
 * block holds for it like for a cancelled slot.
 */
export async function applyMove(
  trx: Transaction<DB>,
  ctx: AppContext,
  current: Pick<
    ChangeableAppointment,
    'id' | 'booking_number' | 'clerk_id' | 'mode' | 'starts_at' | 'blocked_until' | 'video_room'
  >,
  target: MoveTarget,
  options: { actor: Actor | null; by: 'clerk' | 'citizen'; hmacKey: string },
): Promise<AppointmentView> {
  const id = current.id;
  const byCitizen = options.by === 'citizen';
  const sameStart = target.startsAt.getTime() === current.starts_at.getTime();
  const before = await loadAppointmentView(trx, id);
  await expireStaleHolds(trx, target.clerkId, target.startsAt, target.blockedUntil);
  try {
    await statementInTransaction(trx, () =>
      trx
        .updateTable('appointments')
        .set({
          clerk_id: target.clerkId,
          mode: target.mode,
          starts_at: target.startsAt,
          ends_at: target.endsAt,
          blocked_until: target.blockedUntil,
          flag: null,
          // the reminder belongs to the old time; the new one gets its own
          reminder_sent_at: sameStart ? undefined : null,
          video_room:
            target.mode === 'video'
              ? (current.video_room ?? `amtsdesk-${randomToken(12).replace(/[-_]/g, 'x')}`)
              : null,
          ics_sequence: sql`ics_sequence + 1`,
          citizen_moves: byCitizen ? sql`citizen_moves + 1` : undefined,
        })
        .where('id', '=', id)
        .execute(),
    );
  } catch (error) {
    // a concurrent booking won the slot: the transaction is rolled back, nothing changed
    if (isExclusionViolation(error)) throw new AppError(409, 'appointmentSlotTaken');
    throw error;
  }
  const clerkChanged = target.clerkId !== current.clerk_id;
  if (byCitizen && (!sameStart || clerkChanged))
    await trx
      .insertInto('appointment_released_ranges')
      .values({
        appointment_id: id,
        clerk_id: current.clerk_id,
        starts_at: current.starts_at,
        blocked_until: current.blocked_until,
        released_at: new Date(),
      })
      .execute();
  const after = await loadAppointmentView(trx, id);
  await updateClerkCalendars(trx, ctx.config, before, after, clerkChanged);
  if (after.citizenEmail) {
    const token = cancelToken(options.hmacKey, id, current.booking_number);
    await enqueueMail(
      trx,
      ctx.config,
      rebookedMail(ctx.config, after, before, cancelUrl(ctx.config, token), {
        by: byCitizen ? 'citizen' : 'office',
        moveUrl: moveUrl(ctx.config, token),
      }),
    );
  }
  await recordAudit(
    trx,
    options.actor,
    'appointments.rebook',
    'appointment',
    id,
    { startsAt: current.starts_at.toISOString(), mode: current.mode, clerkId: current.clerk_id },
    {
      startsAt: target.startsAt.toISOString(),
      mode: target.mode,
      clerkId: target.clerkId,
      ...(byCitizen ? { by: 'citizen' } : {}),
    },
  );
  return after;
}
