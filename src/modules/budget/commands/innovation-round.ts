import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { AppError } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { departmentOf } from '../../rulebook/repository';
import { computeRanking, loadInnovationRound } from '../innovation-queries';
import { seesAllBudgetLines } from '../policy';

export interface CreateRoundInput {
  name: string;
  quarter: string;
  periodId: number;
  amount: number;
  maxFunded: number;
  chairId: number;
  memberIds: number[];
  criteria: { key: string; name: string; weight: number }[];
}

/** IT heads (or admins) open a quarterly round with its published, weighted criteria and members. */
export async function createInnovationRound(ctx: AppContext, actor: Actor, input: CreateRoundInput) {
  if (!seesAllBudgetLines(actor)) throw new AppError(403, 'forbidden');
  return ctx.db.transaction().execute(async (trx) => {
    const round = await trx
      .insertInto('innovation_rounds')
      .values({
        name: input.name,
        quarter: input.quarter,
        period_id: input.periodId,
        amount_cents: input.amount,
        max_funded: input.maxFunded,
        chair_id: input.chairId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('innovation_criteria')
      .values(
        input.criteria.map((c, i) => ({
          round_id: round.id,
          key: c.key,
          name: c.name,
          weight: c.weight,
          position: i,
        })),
      )
      .execute();
    const members = [...new Set([input.chairId, ...input.memberIds])];
    await trx
      .insertInto('innovation_members')
      .values(members.map((person_id) => ({ round_id: round.id, person_id })))
      .execute();
    await recordAudit(trx, actor, 'innovation.round.create', 'innovationRound', round.id, null, input);
    return round.id;
  });
}

async function openRound(ctx: AppContext, actor: Actor, roundId: number) {
  const data = await loadInnovationRound(ctx.db, actor, roundId);
  if (data.round.state !== 'open') throw new AppError(409, 'innovationRoundClosed');
  return data;
}

export async function registerInnovationProject(
  ctx: AppContext,
  actor: Actor,
  roundId: number,
  input: { title: string; description: string; requested: number; orgUnitId?: number },
) {
  const data = await openRound(ctx, actor, roundId);
  if (!data.participant && !actor.isAdmin) throw new AppError(403, 'innovationMembersOnly');
  const orgUnitId = input.orgUnitId ?? (await departmentOf(ctx.db, actor.orgUnitId));
  if (!orgUnitId)
    throw new AppError(422, 'validationFailed', { fields: 'body.orgUnitId' }, [
      { field: 'body.orgUnitId', message: 'required' },
    ]);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('innovation_projects')
      .values({
        round_id: roundId,
        title: input.title,
        description: input.description,
        requested_cents: input.requested,
        org_unit_id: orgUnitId,
        registered_by_id: actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, 'innovation.project.register', 'innovationProject', row.id, null, input);
    return row.id;
  });
}

/** A member's scores (0–5 per criterion key) for one project; replaces their earlier scores. */
export async function scoreInnovationProject(
  ctx: AppContext,
  actor: Actor,
  roundId: number,
  input: { projectId: number; scores: Record<string, number> },
) {
  const data = await openRound(ctx, actor, roundId);
  if (!data.members.some((m) => m.id === actor.id)) throw new AppError(403, 'innovationMembersOnly');
  if (!data.projects.some((p) => p.id === input.projectId))
    throw new AppError(422, 'validationFailed', { fields: 'body.projectId' }, [
      { field: 'body.projectId', message: 'not a project of this round' },
    ]);
  const byKey = new Map(data.criteria.map((c) => [c.key, c.id]));
  const unknown = Object.keys(input.scores).filter((k) => !byKey.has(k));
  if (unknown.length)
    throw new AppError(
      422,
      'validationFailed',
      { fields: unknown.map((k) => `body.scores.${k}`).join(', ') },
      unknown.map((k) => ({ field: `body.scores.${k}`, message: 'unknown criterion' })),
    );
  const rows = Object.entries(input.scores).map(([key, score]) => ({
    project_id: input.projectId,
    criterion_id: byKey.get(key) as number,
    member_id: actor.id,
    score,
  }));
  if (!rows.length) return;
  await ctx.db.transaction().execute(async (trx) => {
    // the round row lock orders scoring against closing: no score slips in after the chair closed
    const round = await trx
      .selectFrom('innovation_rounds')
      .select('state')
      .where('id', '=', roundId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (round.state !== 'open') throw new AppError(409, 'innovationRoundClosed');
    await trx
      .insertInto('innovation_scores')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['project_id', 'criterion_id', 'member_id']).doUpdateSet({
          score: (eb) => eb.ref('excluded.score'),
          updated_at: sql`now()`,
        }),
      )
      .execute();
    await recordAudit(
      trx,
      actor,
      'innovation.score',
      'innovationProject',
      input.projectId,
      null,
      input.scores,
    );
  });
}

/** The chair closes the round: the ranking is frozen, funded projects get a budget line. */
export async function closeInnovationRound(ctx: AppContext, actor: Actor, roundId: number) {
  const data = await openRound(ctx, actor, roundId);
  if (data.round.chair_id !== actor.id) throw new AppError(403, 'innovationChairOnly');
  const year = Number(data.round.quarter.slice(0, 4));
  const lineYear =
    year >= data.round.first_year && year <= data.round.last_year ? year : data.round.first_year;
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('innovation_rounds')
      .select('state')
      .where('id', '=', roundId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (locked.state !== 'open') throw new AppError(409, 'innovationRoundClosed');
    // scores read again under the lock, so the frozen ranking is the one of the final scores
    const scores = await trx
      .selectFrom('innovation_scores as s')
      .innerJoin('innovation_projects as pr', 'pr.id', 's.project_id')
      .select(['s.project_id', 's.criterion_id', 's.member_id', 's.score'])
      .where('pr.round_id', '=', roundId)
      .execute();
    const ranking = computeRanking({ ...data, scores });
    for (const r of ranking) {
      const project = data.projects.find((p) => p.id === r.projectId);
      if (!project) continue;
      let lineId: number | null = null;
      if (r.funded) {
        const line = await trx
          .insertInto('budget_lines')
          .values({
            period_id: data.round.period_id,
            org_unit_id: project.org_unit_id,
            code: `INNO-${data.round.quarter}-${project.id}`,
            name: `Innovationsbudget: ${project.title}`.slice(0, 200),
            purpose: 'consumptive',
            planned_cents: project.requested_cents,
            approved_cents: project.requested_cents,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('budget_line_years')
          .values({
            line_id: line.id,
            year: lineYear,
            planned_cents: project.requested_cents,
            approved_cents: project.requested_cents,
          })
          .execute();
        lineId = line.id;
      }
      await trx
        .updateTable('innovation_projects')
        .set({ rank: r.rank, total_score: String(r.average), funded: r.funded, budget_line_id: lineId })
        .where('id', '=', project.id)
        .execute();
    }
    await trx
      .updateTable('innovation_rounds')
      .set({ state: 'closed', closed_at: new Date() })
      .where('id', '=', roundId)
      .execute();
    await recordAudit(
      trx,
      actor,
      'innovation.round.close',
      'innovationRound',
      roundId,
      { state: 'open' },
      {
        state: 'closed',
        ranking: ranking.map((r) => ({
          projectId: r.projectId,
          rank: r.rank,
          points: r.points,
          funded: r.funded,
        })),
      },
    );
  });
}
