import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { type BrowserRig, startBrowserRig } from '../helpers/browser';

// The flow of issue #7 in real Chromium against a real server with the demo municipality:
// a citizen books "Wohngeld Erstberatung" by video without an account, confirms with the link of
// the mail (a page whose button POSTs), uploads a PDF on the page behind the confirmation mail's
// link, and the clerk sees the appointment and the document in "Meine Termine".
// Every page visited is scanned with axe (WCAG 2.1 A/AA).
let rig: BrowserRig;
let server: RunningServer;
let browser: Browser;
const expectAccessible = (page: Page, label: string) => rig.expectAccessible(page, label);
const signIn = (page: Page, login: string) => rig.signIn(page, login);

beforeAll(async () => {
  rig = await startBrowserRig('appointments');
  ({ server, browser } = rig);
}, 120_000);

afterAll(async () => {
  await rig?.close();
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
    // the clerks are split A–K / L–Z: the surname comes before the slots
    await page.getByRole('heading', { level: 2, name: 'Ihr Nachname' }).waitFor();
    expect(await page.getByRole('heading', { level: 2, name: '4. Freier Termin' }).count()).toBe(0);
    await expectAccessible(page, 'booking: surname');
    await page.getByRole('textbox', { name: 'Nachname oder Anfangsbuchstabe' }).fill('Mustermann');
    await page.getByRole('heading', { level: 2, name: '4. Freier Termin' }).waitFor();
    await page.locator('.slot input').first().waitFor({ state: 'attached' });
    // the calendar: days with free slots are buttons named with the date and the number of slots;
    // choosing the second such day starts the slot list there and moves the focus into it
    const dayButtons = page.locator('.slot-calendar__day');
    expect(await dayButtons.count()).toBeGreaterThan(1);
    const secondDay = dayButtons.nth(1);
    const secondDayName = (await secondDay.getAttribute('aria-label')) ?? '';
    expect(secondDayName).toMatch(/^\w+, \d+\. \w+ \d{4}: \d+ freie Termine$/);
    await secondDay.click();
    expect(await secondDay.getAttribute('aria-pressed')).toBe('true');
    const firstShownDay = await page.locator('.slot-day legend').first().textContent();
    expect(secondDayName.startsWith(`${firstShownDay}:`)).toBe(true);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('.slot-day') !== null))
      .toBe(true);
    const firstSlot = page.locator('.slot input').first();
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

    // the confirmation mail links the upload page: a lying file is refused, a PDF is taken
    const confirmation = await server.ctx.db
      .selectFrom('outbound_mail')
      .select('text_body')
      .where('kind', '=', 'appointment.confirmation')
      .where('subject', 'like', `%${bookingNumber}%`)
      .executeTakeFirstOrThrow();
    const upload = new URL(
      /https?:\/\/\S+\/termine\/unterlagen\/\S+/.exec(confirmation.text_body)?.[0] ?? '',
    );
    // the status lookup (linked from the booking page) leads there with booking number + code
    const code = /Code ([A-Z0-9]{10})/.exec(mail.text_body)?.[1] ?? '';
    await page.goto(`${server.url}/termine`);
    await page.getByRole('link', { name: /Termin nachschauen oder Unterlagen hochladen/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Termin nachschauen' }).waitFor();
    await expectAccessible(page, 'status lookup');
    await page.getByRole('textbox', { name: 'Buchungsnummer' }).fill(bookingNumber as string);
    await page.getByRole('textbox', { name: 'Code aus der E-Mail' }).fill(code);
    await page.getByRole('button', { name: 'Termin anzeigen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Unterlagen zum Termin' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(upload.pathname); // the same page as the mail's link
    await expect.poll(() => page.getByText('bestätigt', { exact: true }).count()).toBe(1);
    await expectAccessible(page, 'documents page');
    const file = page.getByLabel('Datei auswählen (PDF, JPEG oder PNG)');
    await file.setInputFiles({
      name: 'notiz.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('just text'),
    });
    await page.getByRole('button', { name: 'Datei hochladen' }).click();
    await page.getByRole('alert').filter({ hasText: 'notiz.pdf' }).waitFor();
    await expectAccessible(page, 'documents page: refused');
    const pdf = Buffer.concat([
      Buffer.from('%PDF-1.4\n'),
      Buffer.alloc(3000, 0x20),
      Buffer.from('\n%%EOF\n'),
    ]);
    await page
      .getByLabel('Datei auswählen (PDF, JPEG oder PNG)')
      .setInputFiles({ name: 'Mietvertrag.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Datei hochladen' }).click();
    await page.getByRole('status').filter({ hasText: 'Mietvertrag.pdf' }).waitFor();
    await page.getByRole('cell', { name: 'Mietvertrag.pdf', exact: true }).waitFor();
    await expectAccessible(page, 'documents page: uploaded');

    // the clerk for surnames L–Z sees it in the day view
    const clerkPage = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await signIn(clerkPage, 'sb50b');
    // the documents come with the list of appointments: no request per row
    const perRowRequests: string[] = [];
    clerkPage.on('request', (r) => {
      if (/^\/api\/v1\/appointments\/\d+\/documents$/.test(new URL(r.url()).pathname))
        perRowRequests.push(r.url());
    });
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
    const documents = clerkPage.getByRole('list', { name: `Unterlagen zu ${bookingNumber}` });
    await documents.getByRole('link', { name: 'Mietvertrag.pdf' }).waitFor();
    const href = await documents.getByRole('link', { name: 'Mietvertrag.pdf' }).getAttribute('href');
    const download = await clerkPage.request.get(`${server.url}${href}`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-disposition']).toContain('attachment');
    expect(Buffer.compare(await download.body(), pdf)).toBe(0);
    expect(perRowRequests).toEqual([]);
    // the download is in the audit log under the clerk's name
    const audited = await server.ctx.db
      .selectFrom('audit_log')
      .select('actor_login')
      .where('action', '=', 'appointments.document.download')
      .execute();
    expect(audited.map((r) => r.actor_login)).toEqual(['sb50b']);
    await expect
      .poll(() => clerkPage.getByRole('button', { name: `Absagen ${bookingNumber}` }).count())
      .toBe(1);
    await expectAccessible(clerkPage, 'my appointments');
    expect(rig.scanned.size).toBe(13);
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
