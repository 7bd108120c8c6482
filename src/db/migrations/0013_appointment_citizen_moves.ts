import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit after commit, add a new migration instead.
// The citizen moves their own appointment (issue 7). Against slot trading a cancelled slot is not
// offered again for cancelled_slot_block_minutes; a move vacates a range too, so the vacated range is
// recorded here and the free-slot search counts it as busy for the same time (released_at like
// cancelled_at). Rows are only needed for at most a day (the block is at most 1440 minutes); the
// retention job deletes older ones. citizen_moves counts the moves per appointment (at most 3).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE appointment_released_ranges (
  id bigserial PRIMARY KEY,
  appointment_id bigint NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
  clerk_id bigint NOT NULL REFERENCES appointment_clerks(id),
  starts_at timestamptz NOT NULL,
  blocked_until timestamptz NOT NULL,
  released_at timestamptz NOT NULL DEFAULT now(),
  CHECK (blocked_until > starts_at)
);
-- the busy read of the free-slot search, per clerk: only the releases of the last block minutes
-- count (usually none), so the release time is the selective key; the rest comes from the index
-- (appointment_id: the moving appointment's own vacated ranges are not busy for itself).
-- The retention job deletes by age over the whole (small: at most two days of moves) table.
CREATE INDEX appointment_released_ranges_busy_idx ON appointment_released_ranges (clerk_id, released_at)
  INCLUDE (starts_at, blocked_until, appointment_id);
ALTER TABLE appointments ADD COLUMN citizen_moves int NOT NULL DEFAULT 0 CHECK (citizen_moves >= 0);
`.execute(db);
}
