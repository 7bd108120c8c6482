import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema';
import { AppError } from '../../../http/errors';

/** Locks the meeting row; approved minutes are frozen (409), a cancelled meeting takes no minutes (422). */
export async function lockEditableMeeting(db: Kysely<DB> | Transaction<DB>, meetingId: number) {
  const meeting = await db
    .selectFrom('meetings')
    .selectAll()
    .where('id', '=', meetingId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (meeting.minutes_state === 'approved') throw new AppError(409, 'minutesApproved');
  if (meeting.state === 'cancelled') throw new AppError(422, 'meetingCancelled');
  return meeting;
}

/** SQLSTATE of the trigger that guards decisions of approved minutes. */
export const FROZEN_SQLSTATE = 'P0409';

/** Turns the database's refusal to touch frozen decisions into the same 409 the commands give. */
export async function frozenAs409<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: string }).code === FROZEN_SQLSTATE) throw new AppError(409, 'minutesApproved');
    throw error;
  }
}

export const nextPosition = (db: Kysely<DB> | Transaction<DB>, meetingId: number) =>
  db
    .selectFrom('agenda_items')
    .select(sql<number>`coalesce(max(position), 0) + 1`.as('next'))
    .where('meeting_id', '=', meetingId)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.next));
