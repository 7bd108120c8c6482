import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../http/errors';
import type { Actor } from '../auth/actor';
import { rankProjects } from './innovation-ranking';
import { formatCents } from './money';
import { seesAllBudgetLines } from './policy';

/** Everything about one round the participants see: criteria, projects, every score, the ranking. */
export async function loadInnovationRound(db: Kysely<DB>, actor: Actor, roundId: number) {
  const round = await db
    .selectFrom('innovation_rounds as r')
    .innerJoin('persons as c', 'c.id', 'r.chair_id')
    .innerJoin('budget_periods as p', 'p.id', 'r.period_id')
    .select([
      'r.id',
      'r.name',
      'r.quarter',
      'r.period_id',
      'p.name as period_name',
      'p.first_year',
      'p.last_year',
      'r.amount_cents',
      'r.max_funded',
      'r.chair_id',
      'c.name as chair_name',
      'r.state',
      'r.closed_at',
    ])
    .where('r.id', '=', roundId)
    .executeTakeFirst();
  if (!round) throw new AppError(404, 'innovationRoundNotFound');
  const members = await db
    .selectFrom('innovation_members as m')
    .innerJoin('persons as p', 'p.id', 'm.person_id')
    .select(['p.id', 'p.name'])
    .where('m.round_id', '=', roundId)
    .orderBy('p.name')
    .execute();
  const participant = round.chair_id === actor.id || members.some((m) => m.id === actor.id);
  if (!participant && !seesAllBudgetLines(actor)) throw new AppError(404, 'innovationRoundNotFound');
  const [criteria, projects, scores] = await Promise.all([
    db
      .selectFrom('innovation_criteria')
      .select(['id', 'key', 'name', 'weight'])
      .where('round_id', '=', roundId)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('innovation_projects as pr')
      .innerJoin('org_units as u', 'u.id', 'pr.org_unit_id')
      .select([
        'pr.id',
        'pr.title',
        'pr.description',
        'pr.requested_cents',
        'u.name as org_unit_name',
        'pr.org_unit_id',
        'pr.funded',
        'pr.rank',
        'pr.budget_line_id',
      ])
      .where('pr.round_id', '=', roundId)
      .orderBy('pr.id')
      .execute(),
    db
      .selectFrom('innovation_scores as s')
      .innerJoin('innovation_projects as pr', 'pr.id', 's.project_id')
      .select(['s.project_id', 's.criterion_id', 's.member_id', 's.score'])
      .where('pr.round_id', '=', roundId)
      .execute(),
  ]);
  return { round, members, criteria, projects, scores, participant };
}

export type InnovationRoundData = Awaited<ReturnType<typeof loadInnovationRound>>;

export function computeRanking(data: InnovationRoundData) {
  return rankProjects({
    maxFunded: data.round.max_funded,
    amountCents: data.round.amount_cents,
    memberIds: data.members.map((m) => m.id),
    criteria: data.criteria,
    projects: data.projects.map((p) => ({ id: p.id, requestedCents: p.requested_cents, createdOrder: p.id })),
    scores: data.scores.map((s) => ({
      projectId: s.project_id,
      criterionId: s.criterion_id,
      memberId: s.member_id,
      score: s.score,
    })),
  });
}

export function presentInnovationRound(data: InnovationRoundData, actor: Actor, locale: 'de' | 'en') {
  const ranking = computeRanking(data);
  const byId = new Map(ranking.map((r) => [r.projectId, r]));
  const closed = data.round.state === 'closed';
  const isMember = data.members.some((m) => m.id === actor.id);
  return {
    id: data.round.id,
    name: data.round.name,
    quarter: data.round.quarter,
    period: { id: data.round.period_id, name: data.round.period_name },
    amount: data.round.amount_cents,
    amountFormatted: formatCents(data.round.amount_cents, locale),
    maxFunded: data.round.max_funded,
    chair: { id: data.round.chair_id, name: data.round.chair_name },
    state: data.round.state,
    closedAt: data.round.closed_at,
    rules: {
      missingScore: 'counts as 0',
      ties: 'higher total, then smaller requested amount, then earlier registration',
      funding:
        'down the ranking while fewer than maxFunded are funded and the amount fits; total 0 is never funded',
    },
    members: data.members,
    criteria: data.criteria,
    projects: data.projects
      .map((p) => {
        // after closing the stored result is authoritative; before, the live ranking is shown
        const live = byId.get(p.id);
        return {
          id: p.id,
          title: p.title,
          description: p.description,
          orgUnit: { id: p.org_unit_id, name: p.org_unit_name },
          requested: p.requested_cents,
          requestedFormatted: formatCents(p.requested_cents, locale),
          rank: closed ? p.rank : (live?.rank ?? null),
          points: live?.points ?? 0,
          average: live?.average ?? 0,
          missingScores: live?.missingScores ?? 0,
          funded: closed ? p.funded : (live?.funded ?? false),
          budgetLineId: p.budget_line_id,
          scores: data.scores
            .filter((s) => s.project_id === p.id)
            .map((s) => ({ memberId: s.member_id, criterionId: s.criterion_id, score: s.score })),
        };
      })
      .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9)),
    can: {
      score: isMember && !closed,
      register: (data.participant || actor.isAdmin) && !closed,
      close: data.round.chair_id === actor.id && !closed,
    },
  };
}
