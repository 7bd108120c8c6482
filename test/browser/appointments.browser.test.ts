import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { type RunningServer, startServer } from '../../src/server';

// The flow of issue #7 in real Chromium against a real server with the demo municipality:
// a citizen books "Wohngeld Erstberatung" by video without an account, confirms with the link of
// the mail (a page whose button POSTs), and the clerk sees the appointment in "Meine Termine".
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

describe('citizen appointments in the browser', () => {
  it('a citizen books Wohngeld Erstberatung by video, confirms by the mailed link, and the clerk sees it', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();

    await page.goto(`${server.url}/termine`);
    await page.getByRole('heading', { level: 1, name: 'Termin vereinbaren' }).waitFor();
    await expect.poll(() => page.getByRole('combobox', { name: 'Dienststelle' }).inputValue()).not.toBe('');
    await expectAccessible(page, 'booking: office');
    await page.getByRole('checkbox', { name: /Wohngeld Erstberatung/ }).check();
    await page.getByRole('radio', { name: 'Video' }).check();
    await page.getByRole('heading', { level: 2, name: '4. Freier Termin' }).waitFor();
    const firstSlot = page.locator('.slot input').first();
    await firstSlot.waitFor({ state: 'attached' });
    await expectAccessible(page, 'booking: slots');
    const startsAt = await firstSlot.getAttribute('value');
    await page.locator('.slot label').first().click();

    // submitting without contact data: an accessible error summary
    await page.getByRole('button', { name: 'Termin reservieren' }).click();
    await page.getByRole('alert').first().waitFor();
    await expectAccessible(page, 'booking: errors');
    await page.getByRole('textbox', { name: 'Vor- und Nachname' }).fill('Erika Mustermann');
    const email = `erika.${Date.now()}@example.org`;
    await page.getByRole('textbox', { name: 'E-Mail-Adresse' }).fill(email);
    await page.getByRole('checkbox', { name: /Verarbeitung meiner Angaben/ }).check();
    await page.getByRole('button', { name: 'Termin reservieren' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Bitte prüfen Sie Ihr E-Mail-Postfach' })
      .waitFor({ timeout: 30_000 });
    const bookingNumber = (await page.getByText(/T\d{4}-\d{6}/).textContent())?.match(/T\d{4}-\d{6}/)?.[0];
    expect(bookingNumber).toBeTruthy();
    await expectAccessible(page, 'booking: check your mail');

    // the confirmation request in the outbox carries the link
    const mail = await server.ctx.db
      .selectFrom('outbound_mail')
      .select(['text_body', 'to_addresses'])
      .where('kind', '=', 'appointment.confirmationRequest')
      .where('subject', 'like', `%${bookingNumber}%`)
      .executeTakeFirstOrThrow();
    expect(mail.to_addresses).toEqual([email]);
    const link = new URL(/https?:\/\/\S+\/termine\/bestaetigen\/\S+/.exec(mail.text_body)?.[0] ?? '');
    await page.goto(`${server.url}${link.pathname}`);
    await page.getByRole('heading', { level: 1, name: 'Termin bestätigen' }).waitFor();
    await expectAccessible(page, 'confirm page');
    const status = () =>
      server.ctx.db
        .selectFrom('appointments')
        .select('status')
        .where('booking_number', '=', bookingNumber as string)
        .executeTakeFirstOrThrow();
    expect((await status()).status).toBe('held'); // opening the link changed nothing
    await page.getByRole('button', { name: 'Termin verbindlich bestätigen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Termin bestätigt' }).waitFor();
    await expectAccessible(page, 'confirmed page');
    expect((await status()).status).toBe('confirmed');

    // the clerk for surnames L–Z sees it in the day view
    const clerkPage = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await signIn(clerkPage, 'sb50b');
    await clerkPage.getByRole('link', { name: 'Meine Termine' }).click();
    await clerkPage.getByRole('heading', { level: 1, name: 'Meine Termine' }).waitFor();
    const day = new Date(startsAt as string);
    const pad = (n: number) => String(n).padStart(2, '0');
    await clerkPage
      .getByLabel('Datum')
      .fill(`${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`);
    await clerkPage.getByRole('cell', { name: new RegExp(`–.*${bookingNumber}`) }).waitFor();
    await expect
      .poll(() => clerkPage.getByRole('row').filter({ hasText: 'Erika Mustermann' }).count())
      .toBe(1);
    await expect.poll(() => clerkPage.getByRole('link', { name: 'Videoraum öffnen' }).count()).toBe(1);
    await expect
      .poll(() => clerkPage.getByRole('button', { name: `Absagen ${bookingNumber}` }).count())
      .toBe(1);
    await expectAccessible(clerkPage, 'my appointments');
    expect(scanned.size).toBe(8);
  }, 180_000);

  it('an administrator sees offices, concerns, clerks and the statistics', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await signIn(page, 'admin');
    await page.getByRole('link', { name: 'Terminverwaltung' }).click();
    await page.getByRole('heading', { level: 1, name: 'Terminverwaltung' }).waitFor();
    await expect.poll(() => page.getByRole('combobox', { name: 'Dienststelle' }).inputValue()).not.toBe('');
    await page.getByRole('cell', { name: 'Wohngeld Erstberatung' }).waitFor();
    await page.getByRole('rowheader', { name: 'Alle Anliegen' }).waitFor();
    await expect
      .poll(() => page.getByRole('link', { name: 'Statistik als CSV herunterladen' }).count())
      .toBe(1);
    await expectAccessible(page, 'appointment administration');
  }, 120_000);
});
