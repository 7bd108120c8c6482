import type { Kysely } from 'kysely';
import type { AppContext } from '../../../context';
import type { DB } from '../../../db/schema';
import { AppError, forbidden, notFound } from '../../../http/errors';
import type { Locale } from '../../../http/messages';
import { randomToken } from '../../../shared/tokens';
import { type Actor, loadActor } from '../../auth/actor';
import { positionImport } from '../../positions/import/import-positions';
import { maintainsAssets } from '../policy';
import type { ImportKind } from '../tables';
import { assetImport } from './import-assets';
import {
  claimImportRun,
  countRows,
  failRun,
  IMPORT_QUEUE,
  ImportClaimLostError,
  type ImportRun,
  ImportRunHandle,
  loadUpload,
  openUpload,
  presentImportRun,
  storeImportRun,
} from './import-runs';

/** What differs between the inventory and the staff-plan import; the run machinery is shared. */
export interface ImportKindDefinition {
  aliases: Record<string, readonly string[]>;
  /** throws importMissingColumns when the header lacks a required column */
  checkColumns(fields: string[]): void;
  /** works a claimed run to its end (resuming after `rowsDone`/`apply_cursor` where it can) */
  run(handle: ImportRunHandle): Promise<void>;
}

const kinds: Record<ImportKind, ImportKindDefinition> = { assets: assetImport, positions: positionImport };

/**
 * Accepts an upload: cheap checks now (IT only, readable, header with the required columns, zip
 * bomb guard; a CSV's rows are counted against the row limit), then the file is stored and a job
 * queued. Answers the stored run (202); the work happens in processImportRuns.
 */
export async function acceptImport(
  ctx: AppContext,
  actor: Actor,
  kind: ImportKind,
  buffer: Buffer,
  options: { dryRun: boolean; closeMissing?: boolean },
): Promise<ImportRun> {
  if (!maintainsAssets(actor)) throw forbidden();
  const def = kinds[kind];
  const table = await openUpload(buffer, def.aliases);
  def.checkColumns(table.fields);
  const rowsTotal = table.encoding === 'xlsx' ? null : await countRows(table);
  const { dryRun, ...rest } = options;
  const run = await storeImportRun(ctx.db, {
    kind,
    actor,
    buffer,
    dryRun,
    options: rest,
    rowsTotal,
    report: {
      encoding: table.encoding,
      delimiter: table.delimiter,
      columns: table.fields,
      unknownColumns: table.unknownHeaders,
    },
  });
  await ctx.boss?.send(IMPORT_QUEUE, { runId: run.id });
  return run;
}

export async function findImportRun(db: Kysely<DB>, actor: Actor, id: number) {
  const run = await db.selectFrom('import_runs').selectAll().where('id', '=', id).executeTakeFirst();
  // someone else's run is invisible (404), like every record the caller may not see
  if (!run || !maintainsAssets(actor) || (run.created_by_id !== actor.id && !actor.isAdmin))
    throw notFound('importRunNotFound');
  return run;
}

export async function showImportRun(ctx: AppContext, actor: Actor, id: number, locale: Locale) {
  return presentImportRun(ctx.db, await findImportRun(ctx.db, actor, id), locale);
}

async function workRun(ctx: AppContext, run: ImportRun, token: string) {
  const actor = await loadActor(ctx.db, run.created_by_id);
  if (!actor || !maintainsAssets(actor)) throw new AppError(403, 'forbidden');
  const def = kinds[run.kind];
  const buffer = await loadUpload(ctx.db, run.id);
  const table = await openUpload(buffer, def.aliases);
  const handle = new ImportRunHandle(ctx, run, token, actor, table);
  if (run.rows_total === null) {
    // XLSX: the first pass reads the sheet without touching the database; the row limit and the
    // archive limits fail the run before anything is planned
    await handle.update(ctx.db, { phase: 'reading' });
    const total = await countRows(table, () => handle.update(ctx.db, {}));
    await handle.update(ctx.db, { rows_total: total });
  }
  await def.run(handle);
}

/**
 * Claims and works due import runs one after the other (queued ones, and running ones whose
 * worker died — the lease ran out); the pg-boss job calls this, tests call it directly with `ids`.
 */
export async function processImportRuns(ctx: AppContext, options: { ids?: number[] } = {}) {
  let worked = 0;
  for (;;) {
    const token = randomToken(12);
    const run = await claimImportRun(ctx.db, token, ctx.config.importLeaseSeconds, options.ids);
    if (!run) return worked;
    worked++;
    try {
      await workRun(ctx, run, token);
    } catch (error) {
      if (error instanceof ImportClaimLostError) continue; // another worker has it now
      await failRun(ctx.db, run, token, error);
    }
  }
}

/** Accepts an upload and works it to the end in this call (benchmarks, tests, the CLI): the report. */
export async function importNow(
  ctx: AppContext,
  actor: Actor,
  kind: ImportKind,
  buffer: Buffer,
  options: { dryRun: boolean; closeMissing?: boolean },
) {
  const run = await acceptImport(ctx, actor, kind, buffer, options);
  await processImportRuns(ctx, { ids: [run.id] });
  const view = await showImportRun(ctx, actor, run.id, 'de');
  if (!view.result) throw new Error(`import run ${run.id}: ${view.state} ${view.error?.detail ?? ''}`);
  return view.result;
}
