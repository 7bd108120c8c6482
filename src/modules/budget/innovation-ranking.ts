// The ranking of an innovation round — a pure function, the rules stated once:
// - Score of a project = Σ over criteria of weight × (sum of the members' scores 0–5 for it).
//   Every member counts: a MISSING score counts as 0 ("no score, no support"), so a project cannot
//   rise because only its friends scored it. All projects share the same divisor
//   (members × Σ weights), so the ranking compares integers and the shown average is exact enough.
// - TIES: the higher total first; then the smaller requested amount (more projects for the money);
//   then the earlier registration.
// - FUNDING: down the ranking, a project is funded while fewer than `maxFunded` are funded and its
//   requested amount fits into what is left of the round's amount; one that does not fit is skipped
//   and a smaller one further down may still be funded. A project with total 0 is never funded.

export interface RankingInput {
  maxFunded: number;
  amountCents: number;
  memberIds: number[];
  criteria: { id: number; weight: number }[];
  projects: { id: number; requestedCents: number; createdOrder: number }[];
  scores: { projectId: number; criterionId: number; memberId: number; score: number }[];
}

export interface RankedProject {
  projectId: number;
  rank: number;
  /** Σ weight × Σ member scores (integer) */
  points: number;
  /** weighted average on the 0–5 scale, missing scores as 0 */
  average: number;
  /** member × criterion pairs without a score */
  missingScores: number;
  funded: boolean;
}

export function rankProjects(input: RankingInput): RankedProject[] {
  const weights = new Map(input.criteria.map((c) => [c.id, c.weight]));
  const members = new Set(input.memberIds);
  const weightSum = input.criteria.reduce((s, c) => s + c.weight, 0);
  const divisor = Math.max(1, members.size) * Math.max(1, weightSum);
  const points = new Map<number, number>();
  const given = new Map<number, number>();
  for (const s of input.scores) {
    const w = weights.get(s.criterionId);
    if (w === undefined || !members.has(s.memberId)) continue;
    points.set(s.projectId, (points.get(s.projectId) ?? 0) + w * s.score);
    given.set(s.projectId, (given.get(s.projectId) ?? 0) + 1);
  }
  const expected = members.size * input.criteria.length;
  const ordered = [...input.projects].sort(
    (a, b) =>
      (points.get(b.id) ?? 0) - (points.get(a.id) ?? 0) ||
      a.requestedCents - b.requestedCents ||
      a.createdOrder - b.createdOrder,
  );
  let left = input.amountCents;
  let funded = 0;
  return ordered.map((p, i) => {
    const pts = points.get(p.id) ?? 0;
    const fund = funded < input.maxFunded && pts > 0 && p.requestedCents <= left;
    if (fund) {
      funded++;
      left -= p.requestedCents;
    }
    return {
      projectId: p.id,
      rank: i + 1,
      points: pts,
      average: Math.round((pts / divisor) * 1000) / 1000,
      missingScores: expected - (given.get(p.id) ?? 0),
      funded: fund,
    };
  });
}
