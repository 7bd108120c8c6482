import { sql } from 'kysely';
import type { AppContext } from '../../../context';

/** Holds whose confirmation did not come in time free their slot; also forgets expired challenges. */
export async function expireHolds(ctx: AppContext, now = new Date()): Promise<number> {
  const expired = await ctx.db
    .updateTable('appointments')
    .set({ status: 'expired', confirm_token_hash: null })
    .where('status', '=', 'held')
    .where('hold_expires_at', '<=', now)
    .executeTakeFirst();
  await ctx.db.deleteFrom('appointment_challenges_used').where('expires_at', '<', now).execute();
  await ctx.db
    .deleteFrom('appointment_hold_attempts')
    .where('created_at', '<', sql<Date>`${now}::timestamptz - interval '1 day'`)
    .execute();
  return Number(expired.numUpdatedRows);
}
