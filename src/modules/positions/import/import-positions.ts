import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { AppContext } from '../../../context';
import type { DB } from '../../../db/schema';
import { AppError, forbidden } from '../../../http/errors';
import { localDate } from '../../../shared/local-date';
import { limitRows, readUpload, summarize } from '../../assets/import/import-assets';
import { maintainsAssets } from '../../assets/policy';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { type PositionPlan, planPositionImport } from './plan-position-import';
import { positionImportAliases, validatePositionRow } from './position-row';

async function writePlan(trx: Transaction<DB>, plan: PositionPlan, day: string) {
  const now = new Date();
  const creates = plan.persons.filter((p) => p.personId === null);
  const personIds = new Map<string, number>();
  if (creates.length) {
    const rows = await trx
      .insertInto('persons')
      .values(
        creates.map((p) => ({
          login: p.login,
          name: p.name,
          email: p.email,
          org_unit_id: p.orgUnitId,
          locale: 'de' as const,
        })),
      )
      .returning(['id', 'login'])
      .execute();
    for (const r of rows) personIds.set(r.login.toLowerCase(), r.id);
  }
  for (const p of plan.persons.filter((x) => x.personId !== null))
    await trx
      .updateTable('persons')
      .set({ name: p.name, email: p.email, updated_at: now })
      .where('id', '=', p.personId as number)
      .execute();

  const newPositions = plan.positions.filter((p) => p.positionId === null);
  if (newPositions.length)
    await trx
      .insertInto('positions')
      .values(
        newPositions.map((p) => ({
          position_number: p.number,
          org_unit_id: p.orgUnitId,
          title: p.title,
          position_type: p.positionType,
          fte_percent: p.ftePercent,
        })),
      )
      .execute();
  for (const p of plan.positions.filter((x) => x.positionId !== null))
    await trx
      .updateTable('positions')
      .set({
        org_unit_id: p.orgUnitId,
        title: p.title,
        position_type: p.positionType,
        fte_percent: p.ftePercent,
        updated_at: now,
      })
      .where('id', '=', p.positionId as number)
      .execute();

  const yesterday = sql<string>`GREATEST(valid_from, ${day}::date - 1)`;
  for (const c of plan.closures) {
    let q = trx
      .updateTable('position_holders')
      .set({ valid_to: yesterday })
      .where('position_id', '=', c.positionId)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', day)]));
    if (c.personId !== null) q = q.where('person_id', '=', c.personId);
    await q.execute();
    if (c.closesPosition)
      await trx
        .updateTable('positions')
        .set({ closed_on: day, updated_at: now })
        .where('id', '=', c.positionId)
        .execute();
  }

  if (plan.openings.length) {
    const numbers = [...new Set(plan.openings.map((o) => o.positionNumber))];
    const positions = await trx
      .selectFrom('positions')
      .select(['id', 'position_number'])
      .where('position_number', 'in', numbers)
      .execute();
    const logins = plan.openings.map((o) => o.login.toLowerCase()).filter((l) => !personIds.has(l));
    if (logins.length) {
      const known = await trx
        .selectFrom('persons')
        .select(['id', 'login'])
        .where(sql<string>`lower(login)`, 'in', logins)
        .execute();
      for (const k of known) personIds.set(k.login.toLowerCase(), k.id);
    }
    const posBy = new Map(positions.map((p) => [p.position_number, p.id]));
    await trx
      .insertInto('position_holders')
      .values(
        plan.openings.map((o) => ({
          position_id: posBy.get(o.positionNumber) as number,
          person_id: personIds.get(o.login.toLowerCase()) as number,
          valid_from: o.validFrom,
          share_percent: o.sharePercent,
        })),
      )
      .execute();
  }
}

/**
 * Staff-plan and persons import (CSV/XLSX export of the HR system). A dry run shows creates,
 * updates and closures and writes nothing; a real run writes the same plan in one transaction.
 */
export async function importPositions(
  ctx: AppContext,
  actor: Actor,
  buffer: Buffer,
  options: { dryRun: boolean; closeMissing: boolean },
) {
  if (!maintainsAssets(actor)) throw forbidden();
  const table = await readUpload(buffer, positionImportAliases);
  if (!table.fields.includes('positionNumber'))
    throw new AppError(422, 'importMissingColumns', { columns: 'Stellenplannummer' });
  const validated = table.rows.map((row) => ({ line: row.line, ...validatePositionRow(row) }));
  const day = localDate();
  const planOptions = { closeMissing: options.closeMissing, today: day };
  let plan: PositionPlan;
  if (options.dryRun) plan = await planPositionImport(ctx.db, validated, planOptions);
  else
    plan = await ctx.db.transaction().execute(async (trx) => {
      const planned = await planPositionImport(trx, validated, planOptions);
      await writePlan(trx, planned, day);
      await recordAudit(trx, actor, 'position.import', 'positionImport', null, null, {
        sha256: createHash('sha256').update(buffer).digest('hex'),
        positions: planned.positions.length,
        persons: planned.persons.length,
        openings: planned.openings.length,
        closures: planned.closures.length,
      });
      return planned;
    });
  return {
    dryRun: options.dryRun,
    encoding: table.encoding,
    delimiter: table.delimiter,
    columns: table.fields,
    unknownColumns: table.unknownHeaders,
    summary: {
      ...summarize(plan.rows, ['create', 'update', 'unchanged', 'error']),
      personsCreate: plan.persons.filter((p) => p.personId === null).length,
      personsUpdate: plan.persons.filter((p) => p.personId !== null).length,
      holdersOpen: plan.openings.length,
      holdersClose: plan.closures.filter((c) => !c.closesPosition).length,
      positionsClose: plan.closures.filter((c) => c.closesPosition).length,
    },
    closures: plan.closures.map((c) => ({
      positionNumber: c.positionNumber,
      login: c.login,
      closesPosition: c.closesPosition,
    })),
    ...limitRows(plan.rows),
  };
}
