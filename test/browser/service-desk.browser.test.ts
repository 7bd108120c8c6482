import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { type BrowserRig, startBrowserRig } from '../helpers/browser';

// The flow of issue #2 in real Chromium against a real server with the demo municipality:
// a clerk files a ticket, IT answers and resolves it, the clerk sees answer and state.
// Every page visited is scanned with axe (WCAG 2.1 A/AA).
let rig: BrowserRig;
let server: RunningServer;
let browser: Browser;
const expectAccessible = (page: Page, label: string) => rig.expectAccessible(page, label);
const signIn = (page: Page, login: string) => rig.signIn(page, login);
const signOut = (page: Page) => rig.signOut(page);
beforeAll(async () => {
  rig = await startBrowserRig('desk');
  ({ server, browser } = rig);
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

describe('service desk in the browser', () => {
  it('clerk files a ticket, IT answers and resolves it, the clerk sees answer and state', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    const title = `Drucker in Raum 204 druckt nicht ${Date.now()}`;

    // sb50 files a ticket in the portal
    await signIn(page, 'sb50');
    await page.getByRole('heading', { level: 1, name: 'Meine Vorgänge' }).waitFor();
    await expectAccessible(page, 'portal list');
    await page.getByRole('link', { name: 'Neues Anliegen', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Neues Anliegen' }).waitFor();
    // the Wegweiser first (issue 4): a fault of existing equipment, no move or change → support form
    for (const answer of ['Ja', 'Nein']) {
      await page.getByRole('radio', { name: answer, exact: true }).check();
      await page.getByRole('button', { name: 'Weiter' }).click();
      await page.getByRole('listitem').filter({ hasText: answer }).last().waitFor();
    }
    await page.getByRole('heading', { level: 2, name: 'Störung melden' }).waitFor();
    await expectAccessible(page, 'new request');
    await page.getByRole('button', { name: 'Anliegen absenden' }).click(); // empty: field errors, still accessible
    await page.getByRole('alert').first().waitFor();
    await expectAccessible(page, 'new request with errors');
    await page.getByRole('textbox', { name: 'Titel' }).fill(title);
    await page
      .getByRole('textbox', { name: 'Beschreibung' })
      .fill('Der Drucker nimmt Aufträge an, druckt aber nichts.');
    await page.getByRole('combobox', { name: 'Thema' }).selectOption({ label: 'Arbeitsplatz & Drucker' });
    await page.getByRole('button', { name: 'Anliegen absenden' }).click();
    await page.getByText(/wurde als Vorgang \d{4}-\d+ angelegt/).waitFor();
    const number = (await page.getByText(/wurde als Vorgang \d{4}-\d+ angelegt/).textContent())?.match(
      /\d{4}-\d+/,
    )?.[0];
    expect(number).toBeTruthy();
    await expectAccessible(page, 'portal ticket');
    await signOut(page);

    // it-sb takes it from the unassigned queue, answers and resolves it
    await signIn(page, 'it-sb');
    await page.getByRole('heading', { level: 1, name: 'Arbeitsbereich' }).waitFor();
    await expectAccessible(page, 'workspace');
    await page.getByRole('link', { name: 'Nicht zugewiesen' }).click();
    await page.getByRole('link', { name: number as string }).click();
    await page.getByRole('heading', { level: 2, name: 'Bearbeiten' }).waitFor();
    await expectAccessible(page, 'workspace ticket');
    await page.getByRole('button', { name: 'Mir zuweisen' }).click();
    await page.getByRole('button', { name: 'Mir zuweisen' }).waitFor({ state: 'detached' });
    await page
      .getByRole('textbox', { name: 'Antwort' })
      .fill('Wir haben den Toner getauscht, der Drucker druckt wieder.');
    await page.getByRole('button', { name: 'Antwort senden' }).click();
    // in the timeline, not in the text box: React mirrors a controlled textarea's value into its text,
    // so a page-wide getByText matched the box before the save and the reload had happened (the state
    // change then carried the version from before the note: 409)
    const timeline = page.getByRole('region', { name: 'Verlauf' });
    await timeline.getByText('Wir haben den Toner getauscht, der Drucker druckt wieder.').waitFor();
    await expect.poll(() => page.getByRole('textbox', { name: 'Antwort' }).inputValue()).toBe('');
    await page.getByRole('textbox', { name: 'Antwort' }).fill('Toner aus Lager 2 genommen.');
    await page.getByRole('checkbox', { name: 'Interne Notiz (für Anfragende nicht sichtbar)' }).check();
    await page.getByRole('button', { name: 'Notiz speichern' }).click();
    await timeline.getByText('Toner aus Lager 2 genommen.').waitFor();
    await page.getByRole('combobox', { name: 'Neuer Status' }).selectOption({ label: 'Gelöst' });
    // the option list always contains "Gelöst": wait for the PATCH itself before signing out
    const patched = page.waitForResponse(
      (r) => r.request().method() === 'PATCH' && r.url().includes(`/api/v1/tickets/${number}`),
    );
    await page.getByRole('button', { name: 'Status ändern' }).click();
    expect((await patched).status()).toBe(200);
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'workspace ticket resolved');
    await signOut(page);

    // sb50 sees the answer and the new state, not the internal note
    await signIn(page, 'sb50');
    await page.getByRole('heading', { level: 1, name: 'Meine Vorgänge' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: number as string });
    await expect.poll(async () => row.textContent()).toContain('Gelöst');
    await row.getByRole('link', { name: number as string }).click();
    await page.getByText('Wir haben den Toner getauscht, der Drucker druckt wieder.').waitFor();
    expect(await page.getByText('Toner aus Lager 2 genommen.').count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain('Gelöst');
    await expectAccessible(page, 'portal ticket resolved');

    // English, and the 404 page
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await expectAccessible(page, 'portal ticket in English');
    await page.goto(`${server.url}/gibt-es-nicht`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expectAccessible(page, '404');
    expect(rig.scanned.size).toBeGreaterThanOrEqual(10);
  }, 180_000);
});
