import { type Kysely, sql } from 'kysely';

// Found by the benchmark (docs/BENCHMARKS.md, "Findings" and "Query plans"). Frozen in time like
// every migration.
//
// Ticket lists without a queue — full-text search (GET /api/v1/tickets?q=…) and the plain list —
// are sorted by updated_at DESC, id DESC, and no index had that order. At 1,000,000 tickets an
// admin's search for a common term ("Drucker", 71,000 hits) fetched every hit through the GIN index
// and sorted them (p95 628 ms over HTTP), the admin's unfiltered list sorted the whole table
// (1.3-2 s), an agent's list all 45,000 tickets of the group (170-350 ms). With tickets_updated_idx
// the planner walks the newest tickets backwards and stops after one page (0.5-10 ms).
//
// The walk is only right for terms the planner knows to be frequent; for a rare term it must keep
// the GIN plan, or it reads the whole table (~850 ms). For a lexeme missing from the column
// statistics the planner assumes half the frequency of the rarest lexeme it tracks, and that cut-off
// grows with the number of distinct lexemes per ticket: with the default statistics target (100)
// about 0.08 % on the benchmark's short texts, ~0.3 % and more on real descriptions — enough to pick
// the walk at 1M tickets. Target 1000 samples ten times as many rows and tracks ten times as many
// lexemes: unknown terms are then estimated ten times lower (0.008 % on the benchmark data).
// ANALYZE of tickets takes longer (~8 s instead of ~1 s at 1M rows).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE INDEX tickets_updated_idx ON tickets (updated_at, id);
ALTER TABLE tickets ALTER COLUMN search_vector SET STATISTICS 1000;
ANALYZE tickets (search_vector);
`.execute(db);
}
