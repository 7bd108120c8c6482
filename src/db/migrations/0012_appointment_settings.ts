import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit after commit, add a new migration instead.
// Appointment settings become editable by administrators (issue 7): the one row of
// appointment_settings (0009) gets a version for optimistic concurrency. The upload limits of the
// citizen's documents are 0010's columns (bytes), shown to administrators in MB.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE appointment_settings ADD COLUMN version int NOT NULL DEFAULT 1`.execute(db);
}
