import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit after commit, add a new migration instead.
// The "at most N open appointments per e-mail" check counts name+tag@domain as name@domain
// (issue 17). The check compares this expression, so the open-appointments index is on the same
// expression; the old index on lower(citizen_email) had no other reader.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE INDEX appointments_email_key_open_idx
  ON appointments ((regexp_replace(lower(citizen_email), '\\+[^@]*(@[^@]*)$', '\\1')), starts_at)
  WHERE status IN ('held','confirmed');
DROP INDEX appointments_email_open_idx;
`.execute(db);
}
