import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit after commit, add a new migration instead.
// The free-slot search reads, per clerk, the held and confirmed appointments in a time window: start,
// blocked_until, and (for holds) whether the hold has run out. This covering index answers that with
// an index-only scan; it replaces appointments_clerk_time_idx (same keys and predicate, which every
// query on that index can use as well), so a hold still maintains one index for this, not two.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE INDEX appointments_busy_idx ON appointments (clerk_id, starts_at)
  INCLUDE (blocked_until, status, hold_expires_at) WHERE status IN ('held','confirmed');
DROP INDEX appointments_clerk_time_idx;
`.execute(db);
}
