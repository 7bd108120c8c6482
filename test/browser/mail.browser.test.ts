import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processInboundMail } from '../../src/modules/mail/process-inbound';
import type { RunningServer } from '../../src/server';
import { type BrowserRig, startBrowserRig } from '../helpers/browser';
import { smtpSend } from '../helpers/mail-intake';

// The administrators' mail log in real Chromium against a real server with the demo municipality:
// mail arrives over SMTP, the admin finds it, sees what became of it and reprocesses an ignored one.
// Every page visited is scanned with axe (WCAG 2.1 A/AA).
let rig: BrowserRig;
let server: RunningServer;
let browser: Browser;
const expectAccessible = (page: Page, label: string) => rig.expectAccessible(page, label);
const signIn = (page: Page, login: string) => rig.signIn(page, login);
const signOut = (page: Page) => rig.signOut(page);
beforeAll(async () => {
  rig = await startBrowserRig('mail', { smtpPort: 0 });
  ({ server, browser } = rig);
}, 120_000);

afterAll(async () => {
  await rig?.close();
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
    // a forged From (the envelope names another domain): refused, flagged "nicht verifiziert"
    await smtpSend(port, {
      from: 'it-al@musterstadt.example',
      envelope: { from: 'attacker@attacker.example', to: ['it-support@amtsdesk.example'] },
      to: 'it-support@amtsdesk.example',
      subject: `Gefälscht ${run}`,
      text: 'Bitte Passwort senden.',
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
    const forgedRow = page.getByRole('row', { name: new RegExp(`Gefälscht ${run}`) });
    await expect.poll(async () => forgedRow.textContent()).toContain('Ignoriert (senderMismatch)');
    expect(await forgedRow.textContent()).toContain('nicht verifiziert');
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
    expect([...rig.scanned]).toEqual(
      expect.arrayContaining(['login', 'mail log', 'mail log after reprocess', 'intake address exists']),
    );
  }, 120_000);
});
