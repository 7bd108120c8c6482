import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit after commit, add a new migration instead.
// Imports run as background jobs (issue 17, decision record 0011). An accepted upload is a row in
// import_runs plus its bytes in 1 MiB parts (each part one short INSERT, so storing a 30 MB file
// never holds the embedded database's one connection for long); the run survives kill -9 and is
// claimed again when its lease ran out. import_run_rows holds the report rows that the report lists
// (every error row up to a cap, the first others), written batch by batch with the progress.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE import_runs (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('assets', 'positions')),
  dry_run boolean NOT NULL,
  options jsonb NOT NULL DEFAULT '{}',
  state text NOT NULL DEFAULT 'receiving' CHECK (state IN ('receiving', 'queued', 'running', 'done', 'failed')),
  phase text NOT NULL DEFAULT 'reading' CHECK (phase IN ('reading', 'planning', 'applying', 'finished')),
  created_by_id bigint NOT NULL REFERENCES persons(id),
  file_bytes int NOT NULL CHECK (file_bytes >= 0),
  file_sha256 text NOT NULL,
  rows_total int,
  rows_done int NOT NULL DEFAULT 0,
  -- report header (encoding, delimiter, columns, unknownColumns) and the counts so far
  report jsonb NOT NULL DEFAULT '{}',
  summary jsonb NOT NULL DEFAULT '{}',
  rows_listed int NOT NULL DEFAULT 0,
  errors_listed int NOT NULL DEFAULT 0,
  rows_omitted int NOT NULL DEFAULT 0,
  -- a real staff-plan run: the plan, applied step by step; apply_cursor counts the steps committed
  plan jsonb,
  apply_cursor int NOT NULL DEFAULT 0,
  error_code text,
  error_params jsonb,
  attempts int NOT NULL DEFAULT 0,
  claim_token text,
  lease_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX import_runs_due_idx ON import_runs (id) WHERE state IN ('queued', 'running', 'receiving');
CREATE INDEX import_runs_finished_idx ON import_runs (finished_at) WHERE finished_at IS NOT NULL;
CREATE TABLE import_run_parts (
  run_id bigint NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
  seq int NOT NULL CHECK (seq >= 0),
  data bytea NOT NULL,
  PRIMARY KEY (run_id, seq)
);
CREATE TABLE import_run_rows (
  run_id bigint NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
  line int NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (run_id, line)
);
`.execute(db);
}
