import { type Kysely, sql } from 'kysely';

// Found by the benchmark (docs/BENCHMARKS.md, "Query plans"). Frozen in time like every migration.
//
// Ticket lists without a queue — full-text search (GET /api/v1/tickets?q=…) and the plain list —
// are sorted by updated_at DESC, id DESC, and no index had that order: an admin's search for a
// common term ("Drucker", 71,000 of 1,000,000 tickets) fetched every hit from the GIN index and
// sorted them all (~450–700 ms); the unfiltered admin list sorted the whole table. With
// tickets_updated_idx the planner walks the newest tickets backwards and stops after one page.
//
// That walk is only right for terms the planner knows to be frequent. For a lexeme missing from
// the column statistics it assumes min(0.5 %, half the rarest tracked frequency); with the default
// statistics target (100) that is 0.1–0.5 % of the table, enough to choose the walk for a rare term
// and read the whole table (~850 ms for a term in 40 tickets). A statistics target of 1000 on
// search_vector tracks ten times as many lexemes from a ten times larger sample, so unknown terms are
// estimated at a few hundredths of a percent and keep the GIN plan.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE INDEX tickets_updated_idx ON tickets (updated_at, id);
ALTER TABLE tickets ALTER COLUMN search_vector SET STATISTICS 1000;
ANALYZE tickets;
`.execute(db);
}
