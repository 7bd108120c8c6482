import { createHash } from 'node:crypto';
import type { AppContext } from '../../../context';
import { AppError, forbidden } from '../../../http/errors';
import { readTable, type Table, TableError } from '../../../shared/tabular';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { maintainsAssets } from '../policy';
import { assetImportAliases, type RowError, validateAssetRow } from './asset-row';
import { planAssetImport } from './plan-asset-import';
import { writeAssetImport } from './write-asset-import';

/** Rows listed in a report besides every error row (a 100,000-row import would otherwise answer megabytes). */
export const REPORT_ROW_LIMIT = 2000;

export interface ImportReportRow {
  line: number;
  action: 'create' | 'update' | 'unchanged' | 'error';
  inventoryNumber: string | null;
  serialNumber: string | null;
  changes: string[];
  errors: RowError[];
}

export async function readUpload(buffer: Buffer, aliases: Record<string, readonly string[]>): Promise<Table> {
  if (!buffer.length) throw new AppError(422, 'importEmpty');
  try {
    const table = await readTable(buffer, aliases);
    if (!table.rows.length) throw new AppError(422, 'importEmpty');
    return table;
  } catch (e) {
    if (e instanceof TableError) throw new AppError(422, 'importUnreadable', { reason: e.message });
    throw e;
  }
}

export function summarize<T extends { action: string }>(rows: T[], actions: readonly string[]) {
  const summary: Record<string, number> = { rows: rows.length };
  for (const a of actions) summary[a] = 0;
  for (const r of rows) summary[r.action] = (summary[r.action] ?? 0) + 1;
  return summary;
}

export function limitRows<T extends { action: string }>(rows: T[]) {
  const listed: T[] = [];
  let others = 0;
  let omitted = 0;
  for (const r of rows) {
    if (r.action === 'error') listed.push(r);
    else if (others < REPORT_ROW_LIMIT) {
      listed.push(r);
      others++;
    } else omitted++;
  }
  return { rows: listed, rowsOmitted: omitted };
}

/**
 * Inventory import (CSV/XLSX from inventory or software-distribution tools). A dry run reports per
 * row what would happen and writes nothing; a real run plans and writes in ONE transaction, so a
 * failure leaves nothing half-written. Rows with errors are skipped and reported.
 */
export async function importAssets(
  ctx: AppContext,
  actor: Actor,
  buffer: Buffer,
  options: { dryRun: boolean },
) {
  if (!maintainsAssets(actor)) throw forbidden();
  const table = await readUpload(buffer, assetImportAliases);
  if (!table.fields.includes('inventoryNumber') && !table.fields.includes('serialNumber'))
    throw new AppError(422, 'importMissingColumns', { columns: 'Inventarnummer oder Seriennummer (Serial)' });
  const validated = table.rows.map((row) => ({ line: row.line, ...validateAssetRow(row) }));

  const run = async (db: Parameters<typeof planAssetImport>[0]) => planAssetImport(db, validated);
  let plan: Awaited<ReturnType<typeof run>>;
  if (options.dryRun) plan = await run(ctx.db);
  else
    plan = await ctx.db.transaction().execute(async (trx) => {
      const planned = await run(trx);
      const written = await writeAssetImport(trx, planned, actor.id);
      await recordAudit(trx, actor, 'asset.import', 'assetImport', null, null, {
        sha256: createHash('sha256').update(buffer).digest('hex'),
        ...written,
        errors: planned.filter((r) => r.action === 'error').length,
      });
      return planned;
    });
  const rows: ImportReportRow[] = plan.map((r) => ({
    line: r.line,
    action: r.action,
    inventoryNumber: r.inventoryNumber,
    serialNumber: r.serialNumber,
    changes: r.changes,
    errors: r.errors,
  }));
  return {
    dryRun: options.dryRun,
    encoding: table.encoding,
    delimiter: table.delimiter,
    columns: table.fields,
    unknownColumns: table.unknownHeaders,
    summary: summarize(rows, ['create', 'update', 'unchanged', 'error']),
    ...limitRows(rows),
  };
}
