import type { Transaction } from 'kysely';
import type { AppContext } from '../../../context';
import type { DB } from '../../../db/schema';
import { AppError } from '../../../http/errors';
import { safeEqual } from '../../../shared/tokens';
import {
  type BookableServices,
  commonModes,
  findSlots,
  loadBookableServices,
  loadSettings,
} from '../availability';
import type { AppointmentView } from '../mails';
import { loadAppointmentView, statusCode, tokenHash } from '../repository';
import type { Slot } from '../slots';
import type { ConsultationMode } from '../tables';
import { applyMove, rebookClerks, serviceIdsOf } from './rebook-appointment';

/**
 * How often a citizen may move one appointment. Moves keep the anti-slot-trading block (the vacated
 * range stays busy like a cancelled slot), and the limit stops a slot from being traded by moving
 * it back and forth; a fourth change means: cancel and book anew.
 */
export const MAX_CITIZEN_MOVES = 3;
/** slots per page on the move page ("later slots" continues after the last one) */
export const MOVE_PAGE_SIZE = 20;
const MAX_RANGE_MS = 92 * 86_400_000;

/**
 * The citizen's key to the appointment: the secret link of the mails (the cancel token — the
 * appointment's management link, like Cal.com's booking uid) or booking number + status code (API).
 */
export type CitizenKey = { token: string } | { bookingNumber: string; code: string };

export interface MovableAppointment {
  id: number;
  booking_number: string;
  status: string;
  clerk_id: number;
  mode: ConsultationMode;
  starts_at: Date;
  ends_at: Date;
  blocked_until: Date;
  citizen_name: string;
  video_room: string | null;
  citizen_moves: number;
  locale: 'de' | 'en';
}

/** The appointment behind the key (404 when unknown, forged or anonymised), optionally locked. */
export async function findByCitizenKey(
  db: AppContext['db'] | Transaction<DB>,
  hmacKey: string,
  key: CitizenKey,
  lock = false,
): Promise<MovableAppointment> {
  let query = db
    .selectFrom('appointments')
    .select([
      'id',
      'booking_number',
      'status',
      'clerk_id',
      'mode',
      'starts_at',
      'ends_at',
      'blocked_until',
      'citizen_name',
      'video_room',
      'citizen_moves',
      'locale',
    ])
    .where('anonymised_at', 'is', null);
  query =
    'token' in key
      ? query.where('cancel_token_hash', '=', tokenHash(key.token))
      : query.where('booking_number', '=', key.bookingNumber);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if ('token' in key) {
    if (!row) throw new AppError(404, 'appointmentTokenInvalid');
  } else if (!row || !safeEqual(statusCode(hmacKey, row.id, key.bookingNumber), key.code.toUpperCase()))
    throw new AppError(404, 'appointmentNotFound');
  return row;
}

/** Why the citizen cannot move it now (null: they can). */
export function moveRefusal(a: MovableAppointment, now: Date): AppError | null {
  if (a.status === 'held') return new AppError(409, 'appointmentMoveNotConfirmed');
  if (a.status === 'cancelled') return new AppError(409, 'appointmentAlreadyCancelled');
  if (a.status !== 'confirmed') return new AppError(409, 'appointmentMoveClosed');
  if (a.starts_at <= now) return new AppError(409, 'appointmentMoveBegun');
  if (a.citizen_moves >= MAX_CITIZEN_MOVES)
    return new AppError(409, 'appointmentMoveLimitReached', { max: MAX_CITIZEN_MOVES });
  return null;
}

const modeRefused = (mode: ConsultationMode, field: string) =>
  new AppError(422, 'appointmentModeNotOffered', { mode }, [
    { field, message: 'not offered for all concerns of the appointment' },
  ]);

export interface MoveOptions {
  appointment: MovableAppointment;
  view: AppointmentView;
  /** the modes all concerns offer */
  modes: ConsultationMode[];
  mode: ConsultationMode;
  /** free slots, next first; `current` marks the appointment's own start (only a mode change) */
  slots: Array<Slot & { current: boolean }>;
  /** there are more slots after the last one (within the horizon) */
  more: boolean;
  movesLeft: number;
}

/**
 * What the move page and `GET …/rebook-slots` show: the appointment, the allowed modes and the free
 * slots for the same concerns by the public slot rules — lead time, horizon, the anti-slot-trading
 * block, letter ranges (own clerk first, then the clerks whose range covers the citizen). Changes nothing.
 */
export async function loadMoveOptions(
  ctx: AppContext,
  key: CitizenKey,
  query: { mode?: ConsultationMode; from?: Date; to?: Date; limit?: number; modeField?: string },
): Promise<MoveOptions> {
  const now = new Date();
  const settings = await loadSettings(ctx.db);
  const appointment = await findByCitizenKey(ctx.db, settings.hmac_key, key);
  const refusal = moveRefusal(appointment, now);
  if (refusal) throw refusal;
  const serviceIds = await serviceIdsOf(ctx.db, appointment.id);
  const bookable = await loadBookableServices(ctx.db, serviceIds);
  const modes = commonModes(bookable);
  const mode = query.mode ?? appointment.mode;
  if (!modes.includes(mode)) throw modeRefused(mode, query.modeField ?? 'querystring.mode');
  const from = query.from && query.from > now ? query.from : now;
  const latest = new Date(now.getTime() + bookable.rules.horizonDays * 86_400_000);
  if (query.to && query.to.getTime() - from.getTime() > MAX_RANGE_MS)
    throw new AppError(422, 'appointmentRangeTooLong', { days: 92 });
  const to = query.to ?? new Date(Math.min(latest.getTime(), from.getTime() + MAX_RANGE_MS));
  const limit = query.limit ?? MOVE_PAGE_SIZE;
  const slots =
    to <= from
      ? []
      : await citizenSlots(ctx, ctx.db, {
          bookable,
          appointment,
          serviceIds,
          blockMinutes: settings.cancelled_slot_block_minutes,
          from,
          to,
          now,
          limit: limit + 1,
        });
  const view = await loadAppointmentView(ctx.db, appointment.id);
  return {
    appointment,
    view,
    modes,
    mode,
    slots: slots
      .slice(0, limit)
      .map((s) => ({ ...s, current: s.startsAt.getTime() === appointment.starts_at.getTime() })),
    more: slots.length > limit,
    movesLeft: MAX_CITIZEN_MOVES - appointment.citizen_moves,
  };
}

async function citizenSlots(
  ctx: AppContext,
  db: AppContext['db'] | Transaction<DB>,
  search: {
    bookable: BookableServices;
    appointment: MovableAppointment;
    serviceIds: number[];
    blockMinutes: number;
    from: Date;
    to: Date;
    now: Date;
    limit: number;
    withBusy?: boolean;
  },
): Promise<Slot[]> {
  const { bookable, from, to, now, limit, withBusy } = search;
  const { durationMinutes, bufferMinutes } = bookable.rules;
  // busy ranges up to the end of the last candidate's block, not only up to its start
  const loadTo = new Date(to.getTime() + (durationMinutes + bufferMinutes) * 60_000);
  const clerks = await rebookClerks(
    db,
    search.appointment,
    search.serviceIds,
    from,
    loadTo,
    now,
    search.blockMinutes,
  );
  // letter ranges are applied by rebookClerks (the own clerk stays even outside them: a deputy)
  return findSlots(ctx.config.land, bookable, clerks, {
    from,
    to,
    now,
    limit,
    withBusy,
    surnameInitial: null,
  });
}

export interface MoveInput {
  startsAt: Date;
  mode?: ConsultationMode;
}

/**
 * The citizen moves their confirmed appointment to another free slot of the same concerns (and/or
 * another allowed mode), in one transaction on the locked row: the public slot rules (lead time,
 * horizon, block of vacated slots), own clerk preferred, else a free responsible clerk whose letter
 * range covers the citizen; the exclusion constraint decides races (409). Effects: see `applyMove`.
 */
export async function moveAppointment(
  ctx: AppContext,
  key: CitizenKey,
  input: MoveInput,
  fields: { startsAt: string; mode: string } = { startsAt: 'body.startsAt', mode: 'body.mode' },
) {
  const now = new Date();
  // reference data before the transaction (PGlite has one connection)
  const settings = await loadSettings(ctx.db);
  const preview = await findByCitizenKey(ctx.db, settings.hmac_key, key);
  const serviceIds = await serviceIdsOf(ctx.db, preview.id);
  const bookable = await loadBookableServices(ctx.db, serviceIds);
  const mode = input.mode ?? preview.mode;
  const { durationMinutes, bufferMinutes } = bookable.rules;
  const startsAt = input.startsAt;
  const endsAt = new Date(startsAt.getTime() + durationMinutes * 60_000);
  const blockedUntil = new Date(endsAt.getTime() + bufferMinutes * 60_000);

  return ctx.db.transaction().execute(async (trx) => {
    const current = await findByCitizenKey(trx, settings.hmac_key, key, true);
    const refusal = moveRefusal(current, now);
    if (refusal) throw refusal;
    if (!commonModes(bookable).includes(mode)) throw modeRefused(mode, fields.mode);
    if (startsAt.getTime() === current.starts_at.getTime() && mode === current.mode)
      throw new AppError(422, 'appointmentMoveUnchanged', {}, [
        { field: fields.startsAt, message: 'this is the current appointment' },
      ]);
    const slotOf = async (withBusy: boolean) =>
      (
        await citizenSlots(ctx, trx, {
          bookable,
          appointment: current,
          serviceIds,
          blockMinutes: settings.cancelled_slot_block_minutes,
          from: startsAt,
          to: new Date(startsAt.getTime() + 60_000),
          now,
          limit: 1,
          withBusy,
        })
      ).find((s) => s.startsAt.getTime() === startsAt.getTime());
    // not a slot at all for the citizen: outside hours, too short notice, beyond the horizon
    if (!(await slotOf(false)))
      throw new AppError(422, startsAt <= now ? 'appointmentSlotInPast' : 'appointmentSlotUnavailable', {}, [
        { field: fields.startsAt, message: 'not a slot for this appointment' },
      ]);
    const free = await slotOf(true);
    if (!free) throw new AppError(409, 'appointmentSlotTaken');
    const clerkId = free.clerkIds.includes(current.clerk_id) ? current.clerk_id : free.clerkIds[0];
    const view = await applyMove(
      trx,
      ctx,
      current,
      { startsAt, endsAt, blockedUntil, mode, clerkId },
      { actor: null, by: 'citizen', hmacKey: settings.hmac_key },
    );
    return { view, movesLeft: MAX_CITIZEN_MOVES - current.citizen_moves - 1 };
  });
}
