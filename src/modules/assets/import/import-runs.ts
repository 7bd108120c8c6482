import { createHash } from 'node:crypto';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { AppContext } from '../../../context';
import type { DB } from '../../../db/schema';
import { AppError } from '../../../http/errors';
import { type Locale, translate } from '../../../http/messages';
import {
  openTable,
  TableError,
  TableLimitError,
  type TableRow,
  type TableSource,
} from '../../../shared/tabular';
import { ZipLimitError } from '../../../shared/zip-guard';
import type { Actor } from '../../auth/actor';
import type { ImportKind, ImportRunsTable } from '../tables';
import type { ImportRunView } from './schemas';

/**
 * Imports run in the background (decision record 0011): the upload is stored, a worker reads it in
 * batches of IMPORT_BATCH_ROWS rows, each batch in its own short transaction, and gives every other
 * request a turn between batches. Limits: IMPORT_BODY_LIMIT bytes, TABLE_LIMITS.rows rows.
 */
export const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;
/** rows per batch on the embedded database (its one connection); four times as many on a server */
export const IMPORT_BATCH_ROWS = 500;
/** Rows listed in a report besides the error rows (a 100,000-row import would otherwise answer megabytes). */
export const REPORT_ROW_LIMIT = 2000;
/** Error rows listed in a report; the rest are counted in the summary and in rowsOmitted. */
export const REPORT_ERROR_LIMIT = 10_000;
export const IMPORT_QUEUE = 'imports.run';
const PART_BYTES = 1024 * 1024;

export type ImportRun = Selectable<ImportRunsTable>;
type Db = Kysely<DB> | Transaction<DB>;

export interface ReportRow {
  line: number;
  action: 'create' | 'update' | 'unchanged' | 'error';
}

/** Gives queued requests (and the one PGlite connection) a turn before the next batch. */
export const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function* batches<T>(rows: AsyncIterable<T>, size = IMPORT_BATCH_ROWS): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Opens an upload for reading; unreadable files and exceeded limits become problems with codes. */
export async function openUpload(
  buffer: Buffer,
  aliases: Record<string, readonly string[]>,
): Promise<TableSource> {
  if (!buffer.length) throw new AppError(422, 'importEmpty');
  try {
    return await openTable(buffer, aliases);
  } catch (e) {
    throw uploadProblem(e);
  }
}

/** Maps reading errors (also those thrown while rows are read) to AppErrors; others pass through. */
export function uploadProblem(e: unknown): unknown {
  if (e instanceof TableError)
    return e.message === 'empty'
      ? new AppError(422, 'importEmpty')
      : new AppError(422, 'importUnreadable', { reason: e.message });
  if (e instanceof TableLimitError)
    return new AppError(413, e.limit === 'rows' ? 'importTooManyRows' : 'importTooManyColumns', {
      max: e.max,
    });
  if (e instanceof ZipLimitError)
    return e.reason === 'tooLarge'
      ? new AppError(413, 'importInflatedTooLarge', { reason: e.detail })
      : e.reason === 'ratio'
        ? new AppError(422, 'importSuspiciousArchive', { reason: e.detail })
        : new AppError(422, 'importUnreadable', { reason: e.detail });
  return e;
}

/** Counts the data rows (CSV at upload, XLSX in the worker): the row limit is enforced while reading. */
export async function countRows(
  table: TableSource,
  onProgress?: (n: number) => Promise<void>,
): Promise<number> {
  let n = 0;
  try {
    for await (const _ of table.rows()) {
      n++;
      if (onProgress && n % 5000 === 0) await onProgress(n);
    }
  } catch (e) {
    throw uploadProblem(e);
  }
  if (!n) throw new AppError(422, 'importEmpty');
  return n;
}

/**
 * Stores an accepted upload: the run row first ('receiving'), then the bytes in parts of 1 MiB, each
 * its own statement, then 'queued'. Only a queued run is ever worked on, and only after this
 * resolves does the caller answer 202 — an acknowledged upload is committed.
 */
export async function storeImportRun(
  db: Kysely<DB>,
  input: {
    kind: ImportKind;
    actor: Actor;
    buffer: Buffer;
    dryRun: boolean;
    options: Record<string, unknown>;
    rowsTotal: number | null;
    report: Record<string, unknown>;
  },
): Promise<ImportRun> {
  const run = await db
    .insertInto('import_runs')
    .values({
      kind: input.kind,
      dry_run: input.dryRun,
      options: JSON.stringify(input.options),
      created_by_id: input.actor.id,
      file_bytes: input.buffer.length,
      file_sha256: createHash('sha256').update(input.buffer).digest('hex'),
      rows_total: input.rowsTotal,
      report: JSON.stringify(input.report),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let seq = 0; seq * PART_BYTES < input.buffer.length; seq++) {
    await db
      .insertInto('import_run_parts')
      .values({
        run_id: run.id,
        seq,
        data: input.buffer.subarray(seq * PART_BYTES, (seq + 1) * PART_BYTES),
      })
      .execute();
    await yieldTurn();
  }
  return db
    .updateTable('import_runs')
    .set({ state: 'queued', updated_at: new Date() })
    .where('id', '=', run.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function loadUpload(db: Kysely<DB>, runId: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let seq = 0; ; seq++) {
    const part = await db
      .selectFrom('import_run_parts')
      .select('data')
      .where('run_id', '=', runId)
      .where('seq', '=', seq)
      .executeTakeFirst();
    if (!part) break;
    parts.push(part.data);
  }
  return Buffer.concat(parts);
}

/**
 * Claims one due run: queued, or running with an expired lease (its worker died). SKIP LOCKED hands
 * each run to one worker; every batch renews the lease.
 */
export async function claimImportRun(
  db: Kysely<DB>,
  token: string,
  leaseSeconds: number,
  ids?: number[],
): Promise<ImportRun | null> {
  const filter = ids ? sql`AND id = ANY(${ids}::bigint[])` : sql``;
  const claimed = await sql<ImportRun>`
    UPDATE import_runs SET state = 'running', claim_token = ${token}, attempts = attempts + 1,
      lease_until = now() + make_interval(secs => ${leaseSeconds}), started_at = coalesce(started_at, now()),
      updated_at = now()
    WHERE id = (
      SELECT id FROM import_runs
      WHERE (state = 'queued' OR (state = 'running' AND lease_until < now())) ${filter}
      ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING *`.execute(db);
  return claimed.rows[0] ?? null;
}

export class ImportClaimLostError extends Error {}

/** A claimed run while a worker reads it: report rows, counts, progress and the lease, batch by batch. */
export class ImportRunHandle {
  summary: Record<string, number>;
  rowsDone: number;
  private rowsListed: number;
  private errorsListed: number;
  private rowsOmitted: number;

  constructor(
    readonly ctx: AppContext,
    public run: ImportRun,
    readonly token: string,
    readonly actor: Actor,
    readonly table: TableSource,
  ) {
    this.summary = { ...run.summary };
    this.rowsDone = run.rows_done;
    this.rowsListed = run.rows_listed;
    this.errorsListed = run.errors_listed;
    this.rowsOmitted = run.rows_omitted;
  }

  /** Updates the run, only while this worker still holds it (else the transaction is rolled back). */
  async update(db: Db, set: Record<string, unknown>) {
    const row = await db
      .updateTable('import_runs')
      .set({
        ...set,
        lease_until: sql`now() + make_interval(secs => ${this.ctx.config.importLeaseSeconds})`,
        updated_at: new Date(),
      } as never)
      .where('id', '=', this.run.id)
      .where('claim_token', '=', this.token)
      .where('state', '=', 'running')
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new ImportClaimLostError(`import run ${this.run.id} was taken over`);
    this.run = row;
  }

  /** Starts the report over (a phase that cannot be resumed half-way). */
  async resetReport(initialSummary: Record<string, number>) {
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('import_run_rows').where('run_id', '=', this.run.id).execute();
      this.summary = { ...initialSummary };
      this.rowsDone = this.rowsListed = this.errorsListed = this.rowsOmitted = 0;
      await this.update(trx, {
        summary: JSON.stringify(this.summary),
        rows_done: 0,
        rows_listed: 0,
        errors_listed: 0,
        rows_omitted: 0,
      });
    });
  }

  /** Counts and lists a batch's report rows, inside the caller's transaction (with its writes). */
  async commitBatch<T extends ReportRow>(
    trx: Db,
    rows: T[],
    rowsRead: number,
    set: Record<string, unknown> = {},
  ) {
    const listed: T[] = [];
    for (const r of rows) {
      this.summary.rows = (this.summary.rows ?? 0) + 1;
      this.summary[r.action] = (this.summary[r.action] ?? 0) + 1;
      if (
        r.action === 'error' ? this.errorsListed++ < REPORT_ERROR_LIMIT : this.rowsListed++ < REPORT_ROW_LIMIT
      )
        listed.push(r);
      else this.rowsOmitted++;
    }
    if (listed.length)
      await trx
        .insertInto('import_run_rows')
        .values(listed.map((r) => ({ run_id: this.run.id, line: r.line, data: JSON.stringify(r) })))
        .onConflict((oc) => oc.columns(['run_id', 'line']).doUpdateSet({ data: sql`excluded.data` }))
        .execute();
    this.rowsDone += rowsRead;
    await this.update(trx, {
      ...set,
      summary: JSON.stringify(this.summary),
      rows_done: this.rowsDone,
      rows_listed: Math.min(this.rowsListed, REPORT_ROW_LIMIT),
      errors_listed: Math.min(this.errorsListed, REPORT_ERROR_LIMIT),
      rows_omitted: this.rowsOmitted,
    });
  }

  /** The file's rows in batches, from the start (a resumed run skips what `rowsDone` says). */
  batches(): AsyncGenerator<TableRow[]> {
    // a PostgreSQL server serves other requests on other connections meanwhile: larger batches
    const size = this.ctx.database.engine === 'pglite' ? IMPORT_BATCH_ROWS : 4 * IMPORT_BATCH_ROWS;
    return batches(readRows(this.table), size);
  }
}

async function* readRows(table: TableSource): AsyncGenerator<TableRow> {
  try {
    yield* table.rows();
  } catch (e) {
    throw uploadProblem(e);
  }
}

/** Ends a run; its parts (the file) are deleted, the report stays. */
export async function finishRun(trx: Db, handle: ImportRunHandle, set: Record<string, unknown> = {}) {
  await handle.update(trx, {
    ...set,
    state: 'done',
    phase: 'finished',
    finished_at: new Date(),
    claim_token: null,
    plan: null,
  });
  await trx.deleteFrom('import_run_parts').where('run_id', '=', handle.run.id).execute();
}

export async function failRun(db: Kysely<DB>, run: ImportRun, token: string, error: unknown) {
  const problem =
    error instanceof AppError
      ? { code: error.code, params: error.params }
      : {
          code: 'importFailed',
          params: { reason: error instanceof Error ? error.message.slice(0, 500) : String(error) },
        };
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('import_runs')
      .set({
        state: 'failed',
        error_code: problem.code,
        error_params: JSON.stringify(problem.params),
        finished_at: new Date(),
        claim_token: null,
        lease_until: null,
        plan: null,
        updated_at: new Date(),
      })
      .where('id', '=', run.id)
      .where('claim_token', '=', token)
      .returning('id')
      .executeTakeFirst();
    if (row) await trx.deleteFrom('import_run_parts').where('run_id', '=', run.id).execute();
  });
}

/** The run as the API shows it: state, progress, and when done the report in its old shape. */
export async function presentImportRun(
  db: Kysely<DB>,
  run: ImportRun,
  locale: Locale,
): Promise<ImportRunView> {
  const applySteps = Number((run.report as { applySteps?: number }).applySteps ?? 0);
  const total = (run.rows_total ?? 0) + applySteps;
  let result: ImportRunView['result'] = null;
  if (run.state === 'done') {
    const rows = await db
      .selectFrom('import_run_rows')
      .select('data')
      .where('run_id', '=', run.id)
      .orderBy('line')
      .execute();
    const { applySteps: _steps, ...report } = run.report as Record<string, unknown>;
    result = {
      dryRun: run.dry_run,
      ...report,
      summary: run.summary,
      rows: rows.map((r) => r.data),
      rowsOmitted: run.rows_omitted,
    } as unknown as ImportRunView['result'];
  }
  return {
    id: run.id,
    kind: run.kind,
    dryRun: run.dry_run,
    state: run.state === 'receiving' ? ('queued' as const) : run.state,
    phase: run.phase,
    rowsTotal: run.rows_total,
    rowsDone: run.rows_done,
    progress: run.state === 'done' ? 1 : total ? Math.min(1, (run.rows_done + run.apply_cursor) / total) : 0,
    fileBytes: run.file_bytes,
    createdAt: run.created_at.toISOString(),
    finishedAt: run.finished_at?.toISOString() ?? null,
    error: run.error_code
      ? { code: run.error_code, detail: translate(run.error_code, locale, run.error_params ?? {}) }
      : null,
    result,
  };
}

/** Housekeeping: uploads never acknowledged (the process died while storing) and old runs go. */
export async function sweepImportRuns(db: Kysely<DB>) {
  await db
    .deleteFrom('import_runs')
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', 'receiving'), eb('created_at', '<', sql<Date>`now() - interval '1 hour'`)]),
        eb('finished_at', '<', sql<Date>`now() - interval '30 days'`),
      ]),
    )
    .execute();
}

/**
 * The embedded database has exactly one process (the lock file): a run still 'running' at start
 * belonged to a process that died, so its lease ends now instead of after IMPORT_LEASE_SECONDS.
 */
export async function releaseDeadLeases(db: Kysely<DB>) {
  await db
    .updateTable('import_runs')
    .set({ lease_until: new Date(0) })
    .where('state', '=', 'running')
    .execute();
}
