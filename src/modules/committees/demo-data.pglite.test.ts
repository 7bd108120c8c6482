import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { loadDemoData } from '../demo/load-demo-data';

// The demo municipality needs an empty database (fixed logins): the in-memory PGlite of this file.
let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
  await loadDemoData(t.ctx);
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('committee demo data (the Contract)', () => {
  it('has two alternating committees, approved minutes with decisions and tasks of it-sb with digi', async () => {
    const koord = as(t.app, await signIn(t.app, 'koord50'));
    const committees = (await koord({ method: 'GET', url: '/api/v1/committees' })).json().items;
    const names = committees.map((c: { name: string }) => c.name);
    expect(names).toEqual(['JF Digitalisierung/Amt 50', 'JF IT/Amt 50']);
    const itJf = committees.find((c: { name: string }) => c.name === 'JF IT/Amt 50');
    const digiJf = committees.find((c: { name: string }) => c.name === 'JF Digitalisierung/Amt 50');
    const list = async (id: number) =>
      (await koord({ method: 'GET', url: `/api/v1/committees/${id}/meetings` })).json().items as {
        id: number;
        startsAt: string;
        minutesState: string;
      }[];
    const itMeetings = await list(itJf.id);
    const digiMeetings = await list(digiJf.id);
    const upcoming = (ms: typeof itMeetings) => ms.filter((m) => Date.parse(m.startsAt) > Date.now());
    expect(upcoming(itMeetings).length).toBeGreaterThanOrEqual(4);
    expect(upcoming(digiMeetings).length).toBeGreaterThanOrEqual(4);
    const all = [...upcoming(itMeetings), ...upcoming(digiMeetings)]
      .map((m) => Date.parse(m.startsAt))
      .sort();
    for (let i = 1; i < all.length; i++) expect(all[i] - all[i - 1]).toBeGreaterThanOrEqual(6 * 86_400_000);

    const approved = itMeetings.find((m) => m.minutesState === 'approved');
    expect(approved).toBeDefined();
    const past = (await koord({ method: 'GET', url: `/api/v1/meetings/${approved?.id}` })).json();
    expect(past.decisions.length).toBeGreaterThanOrEqual(2);
    expect(past.hasPdf).toBe(true);

    const next = (await koord({ method: 'GET', url: `/api/v1/meetings/${itJf.nextMeeting.id}` })).json();
    expect(next.agendaItems.map((i: { title: string }) => i.title)).toContain(
      'Smartphones für den Außendienst',
    );
    expect(next.agendaItems.map((i: { source: string }) => i.source)).toContain('task'); // the overdue task is back

    const itSb = as(t.app, await signIn(t.app, 'it-sb'));
    const mine = (await itSb({ method: 'GET', url: '/api/v1/tasks?mine=true' })).json().items;
    expect(mine.length).toBeGreaterThanOrEqual(2);
    for (const task of mine) {
      expect(task.owner.name).toBe('Jonas Weber');
      expect(task.collaborators.map((c: { name: string }) => c.name)).toContain('Kai Kunz');
      expect(task.state).toBe('open');
      expect(task.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const digi = as(t.app, await signIn(t.app, 'digi'));
    expect((await digi({ method: 'GET', url: '/api/v1/tasks?mine=true' })).json().items).toHaveLength(
      mine.length,
    );
    const decision = past.decisions[0];
    const change = await koord({
      method: 'PATCH',
      url: `/api/v1/decisions/${decision.id}`,
      payload: { version: decision.version, text: 'geändert' },
    });
    expect(change.statusCode).toBe(409);
    expect(change.headers['content-type']).toContain('application/problem+json');
  });
});
