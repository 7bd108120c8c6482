import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit after commit, add a new migration instead.
// Appointment settings become editable by administrators (issue 7): the one row of
// appointment_settings (0009) gets a version for optimistic concurrency and the upload limits of
// the citizen's documents. Defaults are the values of the issue; the ranges match the API's checks.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE appointment_settings
  ADD COLUMN version int NOT NULL DEFAULT 1,
  ADD COLUMN max_upload_mb int NOT NULL DEFAULT 10 CHECK (max_upload_mb BETWEEN 1 AND 100),
  ADD COLUMN max_files_per_appointment int NOT NULL DEFAULT 5
    CHECK (max_files_per_appointment BETWEEN 1 AND 20);
`.execute(db);
}
