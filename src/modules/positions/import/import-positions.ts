import { sql, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema';
import { AppError } from '../../../http/errors';
import { localDate } from '../../../shared/local-date';
import type { ImportKindDefinition } from '../../assets/import/import-kinds';
import { finishRun, type ImportRunHandle, yieldTurn } from '../../assets/import/import-runs';
import { recordAudit } from '../../audit/audit-log';
import { createPositionPlanner, type PositionPlan } from './plan-position-import';
import { positionImportAliases, validatePositionRow } from './position-row';

/** Writes (a slice of) a plan inside the caller's transaction; ids are looked up, never carried. */
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
    const logins = [...new Set(plan.openings.map((o) => o.login.toLowerCase()))].filter(
      (l) => !personIds.has(l),
    );
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

const STEP_ITEMS = 500;
const emptyPlan = (): PositionPlan => ({ rows: [], positions: [], persons: [], openings: [], closures: [] });

/**
 * The writes of a plan as steps of at most STEP_ITEMS items, in the order the one transaction used
 * to write them (persons, positions, closures, openings): each step is one short transaction, and
 * the run's apply_cursor counts the committed steps, so a restart continues with the next one.
 */
function applySteps(plan: PositionPlan): PositionPlan[] {
  const steps: PositionPlan[] = [];
  const slice = <K extends keyof PositionPlan>(key: K, items: PositionPlan[K]) => {
    for (let i = 0; i < items.length; i += STEP_ITEMS)
      steps.push({ ...emptyPlan(), [key]: items.slice(i, i + STEP_ITEMS) });
  };
  slice('persons', plan.persons);
  slice('positions', plan.positions);
  slice('closures', plan.closures);
  slice('openings', plan.openings);
  return steps;
}

/**
 * Staff-plan and persons import (CSV/XLSX export of the HR system), worked batch by batch. The
 * planning reads the database per batch of rows and writes nothing but the report; a dry run ends
 * there. A real run stores the plan with the run and applies it in steps (see applySteps): a
 * restart during planning plans again from the start, a restart while applying continues with
 * the next step. Planning first means a file is checked completely before anything is written.
 */
export const positionImport: ImportKindDefinition = {
  aliases: positionImportAliases,
  checkColumns(fields) {
    if (!fields.includes('positionNumber'))
      throw new AppError(422, 'importMissingColumns', { columns: 'Stellenplannummer' });
  },
  async run(h: ImportRunHandle) {
    const { ctx, run, actor } = h;
    const options = run.options as { closeMissing?: boolean; today?: string };
    let plan = run.plan as PositionPlan | null;
    let day = options.today ?? localDate();
    if (!plan || run.phase !== 'applying') {
      await h.resetReport({ rows: 0, create: 0, update: 0, unchanged: 0, error: 0 });
      await h.update(ctx.db, { phase: 'planning', options: JSON.stringify({ ...options, today: day }) });
      const planner = createPositionPlanner({ closeMissing: options.closeMissing ?? false, today: day });
      for await (const batch of h.batches()) {
        const validated = batch.map((row) => ({ line: row.line, ...validatePositionRow(row) }));
        const rows = await planner.planBatch(ctx.db, validated);
        await ctx.db.transaction().execute((trx) => h.commitBatch(trx, rows, batch.length));
        await yieldTurn();
      }
      plan = await planner.finish(ctx.db);
      const summary = {
        ...h.summary,
        personsCreate: plan.persons.filter((p) => p.personId === null).length,
        personsUpdate: plan.persons.filter((p) => p.personId !== null).length,
        holdersOpen: plan.openings.length,
        holdersClose: plan.closures.filter((c) => !c.closesPosition).length,
        positionsClose: plan.closures.filter((c) => c.closesPosition).length,
      };
      h.summary = summary;
      const report = {
        ...run.report,
        closures: plan.closures.map((c) => ({
          positionNumber: c.positionNumber,
          login: c.login,
          closesPosition: c.closesPosition,
        })),
        applySteps: run.dry_run ? 0 : applySteps(plan).length,
      };
      await h.update(ctx.db, {
        summary: JSON.stringify(summary),
        report: JSON.stringify(report),
        ...(run.dry_run
          ? {}
          : { phase: 'applying', plan: JSON.stringify({ ...plan, rows: [] }), apply_cursor: 0 }),
      });
    } else day = options.today ?? day;

    if (!run.dry_run) {
      const steps = applySteps(plan);
      for (let i = h.run.apply_cursor; i < steps.length; i++) {
        await ctx.db.transaction().execute(async (trx) => {
          await writePlan(trx, steps[i], day);
          await h.update(trx, { apply_cursor: i + 1 });
        });
        await yieldTurn();
      }
    }
    await ctx.db.transaction().execute(async (trx) => {
      if (!run.dry_run)
        await recordAudit(trx, actor, 'position.import', 'positionImport', null, null, {
          sha256: run.file_sha256,
          importRun: run.id,
          positions: plan.positions.length,
          persons: plan.persons.length,
          openings: plan.openings.length,
          closures: plan.closures.length,
        });
      await finishRun(trx, h);
    });
  },
};
