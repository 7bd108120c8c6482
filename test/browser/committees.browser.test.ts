import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { type RunningServer, startServer } from '../../src/server';

// The flow of issue #5 in real Chromium against a real server with the demo municipality:
// koord50 opens the next "JF IT/Amt 50", finds the routed project on the agenda, records a decision
// and a task for it-sb with digi, approves the minutes; it-sb sees the task under "Meine Aufgaben".
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

const inDays = (n: number) => {
  const d = new Date(Date.now() + n * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

describe('committees in the browser', () => {
  it('koord50 runs the JF IT/Amt 50, it-sb finds the task under "Meine Aufgaben"', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    const taskTitle = `Angebote für 25 Smartphones einholen ${Date.now()}`;

    await signIn(page, 'koord50');
    await page.getByRole('link', { name: 'Gremien', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Gremien (Jour Fixe)' }).waitFor();
    await page.getByRole('row', { name: /^JF IT\/Amt 50/ }).waitFor();
    await expectAccessible(page, 'committees');

    // the committee page with meetings and the task list
    await page.getByRole('link', { name: 'JF IT/Amt 50', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'JF IT/Amt 50' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Aufgabenliste' }).waitFor();
    await expectAccessible(page, 'committee');
    await page.getByRole('link', { name: 'Zurück zu den Gremien' }).click();

    // the next meeting: the routed project from the demo data is on the agenda
    await page
      .getByRole('row', { name: /^JF IT\/Amt 50/ })
      .getByRole('link')
      .last()
      .click();
    await page.getByRole('heading', { level: 1, name: /^JF IT\/Amt 50 am / }).waitFor();
    const item = page.getByRole('article', { name: /^TOP \d+: Smartphones für den Außendienst$/ });
    await item.waitFor();
    await expect.poll(() => item.getByText('Vorankündigung (Weiterleitung)').count()).toBe(1);
    await expectAccessible(page, 'meeting');

    // empty task: an error summary, still accessible
    await item.getByRole('button', { name: 'Aufgabe erfassen' }).click();
    await item.getByRole('alert').waitFor();
    await expectAccessible(page, 'meeting with task errors');

    await item.getByLabel('Beschlusstext').fill('Das Projekt wird freigegeben; die IT beschafft 25 Geräte.');
    await item.getByLabel('Ergebnis', { exact: true }).selectOption({ label: 'beschlossen' });
    await item.getByRole('button', { name: 'Beschluss erfassen' }).click();
    await item.getByText('Das Projekt wird freigegeben; die IT beschafft 25 Geräte.').waitFor();
    await page.waitForLoadState('networkidle');

    await item.getByLabel('Was', { exact: true }).fill(taskTitle);
    await item.getByLabel('Wer', { exact: true }).selectOption({ label: 'Jonas Weber' });
    await item.getByRole('checkbox', { name: 'Kai Kunz' }).check();
    await item.getByLabel('Bis wann', { exact: true }).fill(inDays(14));
    await item.getByRole('button', { name: 'Aufgabe erfassen' }).click();
    await item.getByText(new RegExp(`${taskTitle} – Jonas Weber \\(Mit wem: Kai Kunz\\)`)).waitFor();
    await page.waitForLoadState('networkidle');

    await page.getByRole('button', { name: 'Protokoll genehmigen' }).click();
    await page.getByText('Das Protokoll ist genehmigt und unveränderlich.').first().waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Beschluss erfassen' }).count()).toBe(0);
    const pdfLink = page.getByRole('link', { name: 'Protokoll als PDF herunterladen' });
    const pdf = await page.request.get(
      new URL((await pdfLink.getAttribute('href')) as string, server.url).href,
    );
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await expectAccessible(page, 'meeting approved');

    // koord50 keeps the minutes of the JF Digitalisierung too: cancel its next meeting with a reason
    await page.getByRole('link', { name: 'Gremien', exact: true }).click();
    await page
      .getByRole('row', { name: /^JF Digitalisierung\/Amt 50/ })
      .getByRole('link')
      .last()
      .click();
    await page.getByRole('heading', { level: 2, name: 'Sitzung verlegen oder absagen' }).waitFor();
    await page.getByRole('button', { name: 'Absagen' }).click(); // no reason: error summary
    await page.getByRole('alert').first().waitFor();
    await page.getByLabel('Grund', { exact: true }).fill('Urlaubszeit');
    await page.getByRole('button', { name: 'Absagen' }).click();
    await page.getByText('Urlaubszeit').waitFor();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Sitzung verlegen oder absagen' }).count())
      .toBe(0);
    await expectAccessible(page, 'meeting cancelled');
    await signOut(page);

    // it-sb sees the task under "Meine Aufgaben" and completes it with a result note
    await signIn(page, 'it-sb');
    await page.getByRole('link', { name: 'Meine Aufgaben', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Meine Aufgaben' }).waitFor();
    const task = page.getByRole('article', { name: taskTitle });
    await task.waitFor();
    await expect.poll(() => task.getByText('Kai Kunz').count()).toBe(1);
    await expectAccessible(page, 'my tasks');
    await task.getByRole('button', { name: 'Als erledigt melden' }).click();
    await task.getByRole('alert').waitFor();
    await task.getByLabel('Ergebnis (kurze Notiz)').fill('Drei Angebote liegen vor.');
    await task.getByRole('button', { name: 'Als erledigt melden' }).click();
    await expect.poll(() => page.getByRole('article', { name: taskTitle }).count()).toBe(0);
    await page.getByRole('button', { name: 'Erledigte anzeigen' }).click();
    await page.getByRole('article', { name: taskTitle }).getByText('Drei Angebote liegen vor.').waitFor();
    await expectAccessible(page, 'my tasks with done');
    expect([...scanned]).toEqual(
      expect.arrayContaining(['committees', 'committee', 'meeting', 'meeting approved', 'my tasks']),
    );
  }, 180_000);
});
