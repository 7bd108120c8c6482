import { AppError } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import { assetImportAliases, type RowError, validateAssetRow } from './asset-row';
import type { ImportKindDefinition } from './import-kinds';
import { finishRun, type ImportRunHandle, type ReportRow, yieldTurn } from './import-runs';
import { newSeenKeys, type PlannedRow, planAssetImport, rememberKeys } from './plan-asset-import';
import { writeAssetImport } from './write-asset-import';

export interface ImportReportRow {
  line: number;
  action: 'create' | 'update' | 'unchanged' | 'error';
  inventoryNumber: string | null;
  serialNumber: string | null;
  changes: string[];
  errors: RowError[];
}

const toReportRow = (r: PlannedRow): ImportReportRow & ReportRow => ({
  line: r.line,
  action: r.action,
  inventoryNumber: r.inventoryNumber,
  serialNumber: r.serialNumber,
  changes: r.changes,
  errors: r.errors,
});

/**
 * Inventory import (CSV/XLSX from inventory or software-distribution tools), worked batch by batch.
 * A dry run reports per row what would happen and writes nothing. A real run plans and writes each
 * batch in ONE short transaction together with the batch's report rows and the run's progress, so a
 * restart continues after the last committed batch; duplicates across batches are still found (the
 * keys of earlier batches are carried, and rebuilt on resume). Rows with errors are skipped and
 * reported. The import is idempotent: running the same file again reports the rows as unchanged.
 */
export const assetImport: ImportKindDefinition = {
  aliases: assetImportAliases,
  checkColumns(fields) {
    if (!fields.includes('inventoryNumber') && !fields.includes('serialNumber'))
      throw new AppError(422, 'importMissingColumns', {
        columns: 'Inventarnummer oder Seriennummer (Serial)',
      });
  },
  async run(h: ImportRunHandle) {
    const { ctx, run, actor } = h;
    if (h.rowsDone === 0) await h.resetReport({ rows: 0, create: 0, update: 0, unchanged: 0, error: 0 });
    await h.update(ctx.db, { phase: run.dry_run ? 'planning' : 'applying' });
    const seen = newSeenKeys();
    let read = 0;
    for await (const batch of h.batches()) {
      const validated = batch.map((row) => ({ line: row.line, ...validateAssetRow(row) }));
      if (read + batch.length <= h.rowsDone) {
        for (const v of validated) rememberKeys(seen, v.values); // committed before a restart
        read += batch.length;
        continue;
      }
      if (run.dry_run) {
        const plan = await planAssetImport(ctx.db, validated, seen);
        await ctx.db.transaction().execute((trx) => h.commitBatch(trx, plan.map(toReportRow), batch.length));
      } else
        await ctx.db.transaction().execute(async (trx) => {
          const plan = await planAssetImport(trx, validated, seen);
          await writeAssetImport(trx, plan, actor.id);
          await h.commitBatch(trx, plan.map(toReportRow), batch.length);
        });
      read += batch.length;
      await yieldTurn();
    }
    await ctx.db.transaction().execute(async (trx) => {
      if (!run.dry_run)
        await recordAudit(trx, actor, 'asset.import', 'assetImport', null, null, {
          sha256: run.file_sha256,
          importRun: run.id,
          created: h.summary.create ?? 0,
          updated: h.summary.update ?? 0,
          errors: h.summary.error ?? 0,
        });
      await finishRun(trx, h);
    });
  },
};
