import type { Kysely, Transaction } from 'kysely';
import type { AppContext } from '../../../context';
import type { DB } from '../../../db/schema';
import { generateSlots } from '../rhythm';

/** How far ahead meetings are generated. */
export const HORIZON_WEEKS = 12;

/**
 * Generates the meetings of the rhythm up to the horizon. Idempotent: a slot that already has a
 * meeting (moved or cancelled ones included, via planned_starts_at) is left alone.
 */
export async function ensureMeetings(
  db: Kysely<DB> | Transaction<DB>,
  ctx: Pick<AppContext, 'config'>,
  committeeId: number,
  from = new Date(),
): Promise<number> {
  const c = await db
    .selectFrom('committees')
    .select(['every_weeks', 'weekday', 'start_time', 'duration_minutes', 'offset_weeks'])
    .select((eb) => eb.cast<string>('starts_on', 'text').as('starts_on'))
    .where('id', '=', committeeId)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!c) return 0;
  const until = new Date(from.getTime() + HORIZON_WEEKS * 7 * 86_400_000);
  const slots = generateSlots(
    {
      everyWeeks: c.every_weeks,
      weekday: c.weekday,
      startTime: c.start_time,
      durationMinutes: c.duration_minutes,
      startsOn: c.starts_on,
      offsetWeeks: c.offset_weeks,
    },
    from,
    until,
    ctx.config.land,
  );
  if (slots.length === 0) return 0;
  const inserted = await db
    .insertInto('meetings')
    .values(
      slots.map((s) => ({
        committee_id: committeeId,
        planned_starts_at: s.startsAt,
        starts_at: s.startsAt,
        ends_at: s.endsAt,
      })),
    )
    .onConflict((oc) => oc.columns(['committee_id', 'planned_starts_at']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

/** For the daily job: keep every active committee's horizon filled. */
export async function ensureAllMeetings(ctx: AppContext): Promise<number> {
  const committees = await ctx.db.selectFrom('committees').select('id').where('active', '=', true).execute();
  let total = 0;
  for (const c of committees) total += await ensureMeetings(ctx.db, ctx, c.id);
  return total;
}
