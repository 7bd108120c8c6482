import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { processInboundMail } from '../../src/modules/mail/process-inbound';
import { type RunningServer, startServer } from '../../src/server';
import { smtpSend } from '../helpers/mail-intake';

// The administrators' mail log in real Chromium against a real server with the demo municipality:
// mail arrives over SMTP, the admin finds it, sees what became of it and reprocesses an ignored one.
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
    databaseUrl = inject('databaseUrl').replace(/\/[^/]*$/, `/amtsdesk_browser_mail_${Date.now()}`);
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: inject('databaseUrl') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseUrl.split('/').pop()}`);
    await admin.end();
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsdesk-browser-mail-'));
  }
  server = await startServer(
    loadConfig({
      databaseUrl,
      dataDir: dataDir ?? '',
      port: 0,
      host: '127.0.0.1',
      jobs: false,
      smtpPort: 0,
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

describe('mail log in the browser', () => {
  it('admin finds mail by subject, sees ticket and reason, reprocesses an ignored one; clerks have no mail log', async () => {
    const run = Date.now().toString(36);
    const port = server.smtpPort as number;
    await smtpSend(port, {
      from: 'sb50@musterstadt.example',
      to: 'it-support@amtsdesk.example',
      subject: `Monitor dunkel ${run}`,
      text: 'Der Monitor bleibt dunkel.',
    });
    await smtpSend(port, {
      from: 'sb50@musterstadt.example',
      to: 'it-support@amtsdesk.example',
      subject: `Abwesend ${run}`,
      text: 'Ich bin nicht im Haus.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await processInboundMail(server.ctx, {});

    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await signIn(page, 'admin');
    await page.getByRole('link', { name: 'Mail-Eingang' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mail-Eingang' }).waitFor();
    await page.getByRole('searchbox', { name: /Betreff, Absender/ }).fill(run);
    await page.getByRole('button', { name: 'Suchen' }).click();
    const ticketRow = page.getByRole('row', { name: new RegExp(`Monitor dunkel ${run}`) });
    await ticketRow.waitFor();
    await expect.poll(() => ticketRow.getByRole('link', { name: /^\d{4}-\d{6}$/ }).count()).toBe(1);
    const ignoredRow = page.getByRole('row', { name: new RegExp(`Abwesend ${run}`) });
    await expect.poll(async () => ignoredRow.textContent()).toContain('Ignoriert (autoReply)');
    await expectAccessible(page, 'mail log');
    await ignoredRow.getByRole('button', { name: /Erneut verarbeiten/ }).click();
    await expect.poll(async () => ignoredRow.textContent()).toContain('Eingegangen');
    await expectAccessible(page, 'mail log after reprocess');

    // a new intake address with its default topic
    const address = `buergerbuero-${run}@amtsdesk.example`;
    await page.getByRole('textbox', { name: 'Adresse' }).fill(address);
    await page
      .getByRole('combobox', { name: 'Standardthema' })
      .selectOption({ label: 'Arbeitsplatz & Drucker' });
    await page.getByRole('button', { name: 'Hinzufügen' }).click();
    const intakeRow = page.getByRole('row', { name: new RegExp(address) });
    await intakeRow.waitFor();
    expect(await intakeRow.textContent()).toContain('Arbeitsplatz & Drucker');
    await page.getByRole('textbox', { name: 'Adresse' }).fill(address);
    await page.getByRole('button', { name: 'Hinzufügen' }).click();
    await page.getByRole('alert').filter({ hasText: 'gibt es schon' }).waitFor();
    await expectAccessible(page, 'intake address exists');
    await signOut(page);

    await signIn(page, 'sb50');
    await page.getByRole('heading', { level: 1, name: 'Meine Vorgänge' }).waitFor();
    expect(await page.getByRole('link', { name: 'Mail-Eingang' }).count()).toBe(0);
    await page.goto(`${server.url}/admin/mail`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('heading', { level: 1, name: 'Mail-Eingang' }).count()).toBe(0);
    expect([...scanned]).toEqual(
      expect.arrayContaining(['login', 'mail log', 'mail log after reprocess', 'intake address exists']),
    );
  }, 120_000);
});
