import type { InjectOptions } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { type BrowserRig, startBrowserRig } from '../helpers/browser';

// The admin pages of issue #4 in real Chromium against a real server with the demo municipality:
// the admin reads the rulebook, previews an unchanged draft and sees validation errors; an innovation
// round with two members gets scores in the browser and through the API, every participant sees the
// ranking, the chair closes it. Every page visited is scanned with axe (WCAG 2.1 A/AA).
let rig: BrowserRig;
let server: RunningServer;
let browser: Browser;
const expectAccessible = (page: Page, label: string) => rig.expectAccessible(page, label);
const signIn = (page: Page, login: string) => rig.signIn(page, login);
const signOut = (page: Page) => rig.signOut(page);
beforeAll(async () => {
  rig = await startBrowserRig('innovation');
  ({ server, browser } = rig);
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

/** The API as a demo person, through inject (cookie plus CSRF token). */
async function apiAs(login: string) {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { login, password: 'demo' },
  });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'amtsdesk_session');
  const { csrfToken, me } = res.json();
  const call = (options: InjectOptions) =>
    server.app.inject({
      ...options,
      headers: { cookie: `amtsdesk_session=${cookie?.value}`, 'x-csrf-token': csrfToken },
    });
  return { id: me.id as number, call };
}

describe('rulebook administration and innovation budget in the browser', () => {
  it('admin reads the rulebook, previews an unchanged draft and sees validation errors', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await signIn(page, 'admin');
    await page.getByRole('link', { name: 'Regelwerk', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Regelwerk verwalten' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /Aktuelle Version \d+/ }).waitFor();
    expect(await page.locator('.rulebook-rules').textContent()).toContain(
      'keine Spezialhardware wie Smartphones',
    );
    await expectAccessible(page, 'rulebook admin');

    // an unchanged draft: valid, every test case keeps its outcome
    await page.getByRole('button', { name: 'Vorschau' }).click();
    await page.getByText(/Alle \d+ Prüffälle führen zum selben Ergebnis wie bisher/).waitFor();
    const rows = page.locator('table.rulebook-preview tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(10); // the seed's rules: 15 paths of answers
    expect(await page.locator('table.rulebook-preview tbody tr[data-changed="yes"]').count()).toBe(0);
    await expectAccessible(page, 'rulebook preview');

    // a changed outcome shows up in the preview
    const editor = page.getByRole('textbox', { name: 'Regelwerk (JSON)' });
    const original = await editor.inputValue();
    const draft = JSON.parse(original);
    const replacement = draft.rules.findIndex((r: { id: string }) => r.id === 'orderReplacement');
    draft.rules[replacement].outcome = 'project';
    await editor.fill(JSON.stringify(draft, null, 2));
    await page.getByRole('button', { name: 'Vorschau' }).click();
    await page.getByText(/\d+ von \d+ Prüffällen führen zu einem anderen Ergebnis/).waitFor();
    expect(await page.locator('table.rulebook-preview tbody tr[data-changed="yes"]').count()).toBeGreaterThan(
      0,
    );

    // broken JSON: an error summary that takes the focus and links to the editor
    await editor.fill('{ "questions": ');
    await page.getByRole('button', { name: 'Speichern als neue Version' }).click();
    await page
      .getByRole('alert')
      .getByText(/Kein gültiges JSON/)
      .waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    await expectAccessible(page, 'rulebook invalid json');

    // a rule asking an unknown question: the server's problem+json, each problem linked to the editor
    draft.rules[replacement].outcome = 'order';
    draft.rules[0].when[0].question = 'unknownQuestion';
    await editor.fill(JSON.stringify(draft, null, 2));
    await page.getByRole('button', { name: 'Speichern als neue Version' }).click();
    const link = page.getByRole('alert').getByRole('link', { name: /unknownQuestion/ });
    await link.waitFor();
    await expectAccessible(page, 'rulebook validation errors');
    await link.click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('rulebook-json');
    const current = (await (await apiAs('admin')).call({ method: 'GET', url: '/api/v1/rulebook' })).json();
    expect(current.rules.rules[0].when[0].question).not.toBe('unknownQuestion');

    // the unchanged rules saved as a new version: confirmed, and shown as the current one with its author
    await editor.fill(original);
    await page.getByRole('textbox', { name: 'Änderungsnotiz' }).fill('Unverändert neu veröffentlicht');
    await page.getByRole('button', { name: 'Speichern als neue Version' }).click();
    await page.getByText(`Version ${current.version + 1} wurde gespeichert`).waitFor();
    await page.getByRole('heading', { level: 2, name: `Aktuelle Version ${current.version + 1}` }).waitFor();
    const meta = await page.locator('.rulebook-meta').textContent();
    expect(meta).toContain('Veröffentlicht von Andrea Admin');
    expect(meta).toContain('Unverändert neu veröffentlicht');
    expect(await page.getByRole('alert').count()).toBe(0);
    await expectAccessible(page, 'rulebook published');
  }, 180_000);

  it('two members score an innovation round, every participant sees the ranking, the chair closes it', async () => {
    const head = await apiAs('it-al');
    const sb50 = await apiAs('sb50');
    const budget50 = await apiAs('budget50');
    const koord50 = await apiAs('koord50');
    const lines = await head.call({ method: 'GET', url: '/api/v1/budget-lines' });
    const periodId = lines.json().items[0].period.id;
    const name = `Innovationsbudget Browser ${Date.now()}`;
    const created = await head.call({
      method: 'POST',
      url: '/api/v1/innovation-rounds',
      payload: {
        name,
        quarter: '2026-Q3',
        periodId,
        amount: 5_000_000,
        maxFunded: 1,
        chairId: koord50.id,
        memberIds: [sb50.id, budget50.id],
        criteria: [
          { key: 'benefit', name: 'Nutzen', weight: 3 },
          { key: 'urgency', name: 'Dringlichkeit', weight: 2 },
        ],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const roundId = created.json().id as number;
    const registered = await budget50.call({
      method: 'POST',
      url: `/api/v1/innovation-rounds/${roundId}/projects`,
      payload: { title: 'Digitale Akteneinsicht', requested: 1_500_000 },
    });
    expect(registered.statusCode, registered.body).toBe(201);

    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await signIn(page, 'sb50');
    await page.getByRole('link', { name: 'Innovationsbudget' }).click();
    await page.getByRole('heading', { level: 1, name: 'Innovationsbudget' }).waitFor();
    await expectAccessible(page, 'innovation rounds');
    await page.getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await expectAccessible(page, 'innovation round');

    // sb50 registers a second project in the browser; an empty amount first shows what is missing
    await page.getByRole('textbox', { name: 'Projekttitel' }).fill('KI-Posteingang');
    await page.getByRole('button', { name: 'Projekt anmelden' }).click();
    await page
      .getByRole('alert')
      .getByRole('link', { name: /Beantragter Betrag/ })
      .waitFor();
    await expectAccessible(page, 'innovation register with errors');
    await page.getByRole('textbox', { name: 'Beantragter Betrag in Euro' }).fill('20.000,00');
    await page.getByRole('button', { name: 'Projekt anmelden' }).click();
    await page.getByText('Das Projekt „KI-Posteingang“ wurde angemeldet.').waitFor();

    // sb50 scores both projects: KI-Posteingang 5/4 = 23 points, Akteneinsicht 2/1 = 8 points
    const score = async (title: string, benefit: string, urgency: string) => {
      const form = page.getByRole('group', { name: title });
      await form.getByRole('combobox', { name: 'Nutzen (Gewicht 3)' }).selectOption(benefit);
      await form.getByRole('combobox', { name: 'Dringlichkeit (Gewicht 2)' }).selectOption(urgency);
      await form.getByRole('button', { name: `Bewertung für „${title}“ speichern` }).click();
      await page.getByText(`Ihre Bewertung für „${title}“ wurde gespeichert.`).waitFor();
    };
    await score('KI-Posteingang', '5', '4');
    await score('Digitale Akteneinsicht', '2', '1');
    await expectAccessible(page, 'innovation round scored');

    // budget50 scores through the API: KI-Posteingang 4/4 = 20, Akteneinsicht 3/3 = 15
    const round = (
      await budget50.call({ method: 'GET', url: `/api/v1/innovation-rounds/${roundId}` })
    ).json();
    const projectId = (title: string) =>
      round.projects.find((p: { title: string }) => p.title === title).id as number;
    for (const [title, s] of [
      ['KI-Posteingang', { benefit: 4, urgency: 4 }],
      ['Digitale Akteneinsicht', { benefit: 3, urgency: 3 }],
    ] as const) {
      const res = await budget50.call({
        method: 'PUT',
        url: `/api/v1/innovation-rounds/${roundId}/scores`,
        payload: { projectId: projectId(title), scores: s },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    await signOut(page);

    // the chair sees the ranking with total points and the funded marker, and closes
    await signIn(page, 'koord50');
    await page.goto(`${server.url}/innovation/${roundId}`);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    const row = (title: string) => page.locator('table.innovation-ranking tbody tr', { hasText: title });
    await expect.poll(() => row('KI-Posteingang').locator('td.points').textContent()).toBe('43');
    expect(await row('Digitale Akteneinsicht').locator('td.points').textContent()).toBe('23');
    expect(await row('KI-Posteingang').locator('td.funded').textContent()).toBe('gefördert');
    expect(await row('Digitale Akteneinsicht').locator('td.funded').textContent()).toBe('nicht gefördert');
    expect(await page.locator('table.innovation-ranking tbody tr').first().textContent()).toContain(
      'KI-Posteingang',
    );
    // the chair is a member too and has not scored yet: 2 criteria missing per project, counted as 0
    expect(await row('KI-Posteingang').locator('td.missing').textContent()).toBe('2');
    await page.getByRole('heading', { level: 2, name: 'Ihre Bewertung' }).waitFor();
    await expectAccessible(page, 'innovation round as chair');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Runde abschließen' }).click();
    await page.getByText('Die Runde ist abgeschlossen; die Rangfolge ist festgeschrieben.').waitFor();
    expect(await page.getByRole('button', { name: 'Runde abschließen' }).count()).toBe(0);
    await expectAccessible(page, 'innovation round closed');
    const closed = (
      await koord50.call({ method: 'GET', url: `/api/v1/innovation-rounds/${roundId}` })
    ).json();
    expect(closed.state).toBe('closed');
    expect(closed.projects[0]).toMatchObject({ title: 'KI-Posteingang', funded: true, rank: 1 });
    expect(rig.scanned.size).toBe(12);
  }, 180_000);
});
