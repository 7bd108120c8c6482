import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { type RunningServer, startServer } from '../../src/server';

// The flow of issue #2 in real Chromium against a real server with the demo municipality:
// a clerk files a ticket, IT answers and resolves it, the clerk sees answer and state.
// Every page visited is scanned with axe (WCAG 2.1 A/AA).
const CHROMIUM = '/usr/lib/chromium/chromium';
let server: RunningServer;
let browser: Browser;
let dataDir: string | null = null;
const scanned = new Set<string>();

async function expectAccessible(page: Page, label: string) {
  await page.waitForLoadState('networkidle');
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = result.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, `axe violations on ${label}`).toEqual([]);
  scanned.add(label);
}

async function signIn(page: Page, login: string) {
  await page.goto(`${server.url}/login`);
  await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Anmelden' }).count()).toBe(1);
  await expectAccessible(page, 'login');
  await page.getByRole('textbox', { name: 'Benutzername' }).fill(login);
  await page.getByLabel('Passwort').fill('demo');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('button', { name: 'Abmelden' }).waitFor();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
}

beforeAll(async () => {
  process.env.TZ = 'Europe/Berlin';
  let databaseUrl: string | null = null;
  if (inject('engine') === 'postgres') {
    databaseUrl = inject('databaseUrl').replace(/\/[^/]*$/, `/amtsdesk_browser_${Date.now()}`);
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: inject('databaseUrl') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseUrl.split('/').pop()}`);
    await admin.end();
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsdesk-browser-'));
  }
  server = await startServer(
    loadConfig({
      databaseUrl,
      dataDir: dataDir ?? '',
      port: 0,
      host: '127.0.0.1',
      jobs: false,
      loadDemoData: true,
    }),
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
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
    await page.getByText('Wir haben den Toner getauscht, der Drucker druckt wieder.').waitFor();
    await page.waitForLoadState('networkidle'); // the ticket reloads after saving; let it settle before typing
    await expect.poll(() => page.getByRole('textbox', { name: 'Antwort' }).inputValue()).toBe('');
    await page.getByRole('textbox', { name: 'Antwort' }).fill('Toner aus Lager 2 genommen.');
    await page.getByRole('checkbox', { name: 'Interne Notiz (für Anfragende nicht sichtbar)' }).check();
    await page.getByRole('button', { name: 'Notiz speichern' }).click();
    await page.getByText('Toner aus Lager 2 genommen.').waitFor();
    await page.waitForLoadState('networkidle');
    await page.getByRole('combobox', { name: 'Neuer Status' }).selectOption({ label: 'Gelöst' });
    await page.getByRole('button', { name: 'Status ändern' }).click();
    await page.waitForLoadState('networkidle'); // the option list always contains "Gelöst": wait for the PATCH itself
    await expect.poll(async () => (await page.locator('main').textContent())?.includes('Gelöst')).toBe(true);
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
    expect(scanned.size).toBeGreaterThanOrEqual(10);
  }, 180_000);
});
