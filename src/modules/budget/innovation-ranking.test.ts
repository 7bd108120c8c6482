import { describe, expect, it } from 'vitest';
import { type RankingInput, rankProjects } from './innovation-ranking';

const base: Omit<RankingInput, 'projects' | 'scores'> = {
  maxFunded: 2,
  amountCents: 1_000_000,
  memberIds: [1, 2],
  criteria: [
    { id: 10, weight: 3 }, // benefit
    { id: 11, weight: 1 }, // effort
  ],
};
const project = (id: number, requestedCents = 100_000) => ({ id, requestedCents, createdOrder: id });
const score = (projectId: number, memberId: number, criterionId: number, s: number) => ({
  projectId,
  memberId,
  criterionId,
  score: s,
});

describe('innovation round ranking', () => {
  it('weights criteria and funds the best projects up to the maximum', () => {
    const ranked = rankProjects({
      ...base,
      projects: [project(1), project(2), project(3)],
      scores: [
        score(1, 1, 10, 5),
        score(1, 2, 10, 5),
        score(1, 1, 11, 1),
        score(1, 2, 11, 1), // 3·10 + 2 = 32
        score(2, 1, 10, 2),
        score(2, 2, 10, 2),
        score(2, 1, 11, 5),
        score(2, 2, 11, 5), // 3·4 + 10 = 22
        score(3, 1, 10, 3),
        score(3, 2, 10, 3),
        score(3, 1, 11, 3),
        score(3, 2, 11, 3), // 3·6 + 6 = 24
      ],
    });
    expect(ranked.map((r) => [r.projectId, r.points, r.funded])).toEqual([
      [1, 32, true],
      [3, 24, true],
      [2, 22, false],
    ]);
    expect(ranked[0].average).toBe(4); // 32 / (2 members × 4 weight)
    expect(ranked.every((r) => r.missingScores === 0)).toBe(true);
  });

  it('counts a missing score as 0', () => {
    const ranked = rankProjects({
      ...base,
      projects: [project(1), project(2)],
      // project 1: only member 1 scored (high); project 2: both scored medium
      scores: [
        score(1, 1, 10, 5),
        score(1, 1, 11, 5),
        ...[1, 2].flatMap((m) => [score(2, m, 10, 3), score(2, m, 11, 3)]),
      ],
    });
    expect(ranked.map((r) => r.projectId)).toEqual([2, 1]);
    expect(ranked.find((r) => r.projectId === 1)?.missingScores).toBe(2);
  });

  it('breaks ties by the smaller requested amount, then by earlier registration', () => {
    const same = (id: number) => [1, 2].flatMap((m) => [score(id, m, 10, 4), score(id, m, 11, 4)]);
    const ranked = rankProjects({
      ...base,
      maxFunded: 3,
      projects: [project(1, 300_000), project(2, 200_000), project(3, 200_000)],
      scores: [...same(1), ...same(2), ...same(3)],
    });
    expect(ranked.map((r) => [r.projectId, r.rank])).toEqual([
      [2, 1],
      [3, 2],
      [1, 3],
    ]);
  });

  it('skips a project that does not fit the remaining amount and never funds a project without points', () => {
    const ranked = rankProjects({
      ...base,
      maxFunded: 3,
      amountCents: 500_000,
      projects: [project(1, 400_000), project(2, 300_000), project(3, 100_000), project(4, 50_000)],
      scores: [...[1, 2].flatMap((m) => [score(1, m, 10, 5), score(2, m, 10, 4), score(3, m, 10, 3)])],
    });
    expect(ranked.map((r) => [r.projectId, r.funded])).toEqual([
      [1, true],
      [2, false], // 300k > 100k left
      [3, true],
      [4, false], // no points
    ]);
  });
});
