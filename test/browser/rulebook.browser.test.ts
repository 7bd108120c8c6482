import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { type BrowserRig, startBrowserRig } from '../helpers/browser';

// The flows of issue #4 in real Chromium against a real server with the demo municipality:
// sb50 runs the Wegweiser for a smartphone → pre-announcement → it-sb routes it to the IT committee →
// an agenda proposal exists; budget50 orders a replacement notebook and sees the remainder shrink.
// Every page visited is scanned with axe (WCAG 2.1 A/AA).
let rig: BrowserRig;
let server: RunningServer;
let browser: Browser;
const expectAccessible = (page: Page, label: string) => rig.expectAccessible(page, label);
const signIn = (page: Page, login: string) => rig.signIn(page, login);
const signOut = (page: Page) => rig.signOut(page);
beforeAll(async () => {
  rig = await startBrowserRig('rb');
  ({ server, browser } = rig);
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

async function answer(page: Page, reply: 'Ja' | 'Nein', expectedCount: number) {
  await page.getByRole('radio', { name: reply, exact: true }).check();
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expect.poll(() => page.locator('.wegweiser__answers li').count()).toBe(expectedCount);
}

describe('rulebook and budget in the browser', () => {
  it('sb50 pre-announces a smartphone project, it-sb routes it to the IT committee', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    const title = `Diensthandy Außendienst ${Date.now()}`;
    await signIn(page, 'sb50');
    await page.getByRole('link', { name: 'Neues Anliegen', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Neues Anliegen' }).waitFor();
    await page.getByRole('group', { name: /Funktioniert vorhandene/ }).waitFor();
    await expectAccessible(page, 'wegweiser');
    await page.getByRole('button', { name: 'Weiter' }).click(); // nothing chosen: an error, still accessible
    await page.getByRole('alert').first().waitFor();
    await expectAccessible(page, 'wegweiser with error');
    // not broken, no replacement, not approved, a new standard workplace, no special software or
    // licences — but a smartphone: special hardware
    const replies: ('Ja' | 'Nein')[] = ['Nein', 'Nein', 'Nein', 'Ja', 'Nein', 'Nein', 'Ja'];
    for (const [i, reply] of replies.entries()) await answer(page, reply, i + 1);
    await page.getByText('Smartphones sind Spezialhardware → Vorhaben mit Vorklärung.').waitFor();
    expect(await page.locator('.rule-quote').textContent()).toContain(
      'keine Spezialhardware wie Smartphones',
    );
    await page.getByRole('heading', { level: 2, name: 'Vorankündigung' }).waitFor();
    await expectAccessible(page, 'wegweiser outcome and pre-announcement form');
    await page.getByRole('button', { name: 'Vorankündigung senden' }).click(); // empty: what is missing
    await page.getByRole('link', { name: /Fachliche Anforderung/ }).waitFor();
    await expectAccessible(page, 'pre-announcement with errors');
    await page.getByRole('textbox', { name: 'Projektname' }).fill(title);
    await page
      .getByRole('textbox', { name: 'Fachliche Anforderung' })
      .fill('Der Außendienst braucht für Hausbesuche erreichbare Diensthandys.');
    await page.getByRole('radio', { name: 'Klärung im nächsten JF IT ausreichend' }).check();
    await page.getByRole('textbox', { name: /Lösungsskizze/ }).fill('5 Smartphones mit MDM');
    await page.getByRole('button', { name: 'Vorankündigung senden' }).click();
    await page.getByText(/wurde als Vorgang \d{4}-\d+ angelegt/).waitFor();
    const number = (await page.getByText(/wurde als Vorgang \d{4}-\d+ angelegt/).textContent())?.match(
      /\d{4}-\d+/,
    )?.[0] as string;
    expect(number).toBeTruthy();
    await expectAccessible(page, 'portal project ticket');
    await signOut(page);

    await signIn(page, 'it-sb');
    await page.goto(`${server.url}/workspace/tickets/${number}`);
    await page.getByRole('heading', { level: 2, name: 'Regelwerk und Weiterleitung' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Vorankündigung beantworten' }).waitFor();
    expect(await page.locator('.rulebook-panel').textContent()).toContain('Regelwerk v');
    await expectAccessible(page, 'workspace project ticket');
    await page.getByRole('radio', { name: /c\) Im JF IT besprechen/ }).check();
    await page
      .getByRole('textbox', { name: 'Begründung', exact: true })
      .fill('Geräteauswahl und Verträge klären.');
    await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
    await page.getByText('Entscheidung der IT:').waitFor();
    await expectAccessible(page, 'workspace project ticket routed');
    const view = await page.evaluate(async (n) => {
      const res = await fetch(`/api/v1/tickets/${n}/rulebook`);
      return res.json();
    }, number);
    expect(view.routing.decision).toBe('itCommittee');
    expect(view.agendaProposals).toEqual([
      expect.objectContaining({ committeeKind: 'itCommittee', source: 'routing', state: 'open' }),
    ]);
  }, 180_000);

  it('budget50 orders a replacement notebook against the approved item and sees the remainder shrink', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await signIn(page, 'budget50');
    await page.getByRole('link', { name: 'IT-Budget' }).click();
    await page.getByRole('heading', { level: 1, name: 'IT-Budget' }).waitFor();
    const remainingCell = page.locator('tr[data-line="50-IT-INV"] td.remaining');
    await remainingCell.waitFor();
    const before = (await remainingCell.textContent()) as string;
    expect(before).toMatch(/€/);
    await expectAccessible(page, 'budget');

    await page.getByRole('link', { name: 'Neues Anliegen', exact: true }).click();
    await answer(page, 'Nein', 1); // nothing broken
    await answer(page, 'Ja', 2); // a replacement
    await page.getByRole('heading', { level: 2, name: 'Einfache Bestellung' }).waitFor();
    const lineValue = await page
      .locator('#order-line option', { hasText: '50-IT-INV' })
      .getAttribute('value');
    await page.getByRole('combobox', { name: 'Haushaltsstelle' }).selectOption(lineValue as string);
    await page.getByRole('combobox', { name: 'Freigegebene Position' }).selectOption({ index: 1 });
    expect(await page.getByRole('combobox', { name: 'Freigegebene Position' }).textContent()).toContain(
      'Ersatz-Notebook Standard',
    );
    await expectAccessible(page, 'order form');
    await page.getByRole('button', { name: 'Bestellen' }).click();
    await page.getByText(/Die IT ist mit Vorgang \d{4}-\d+ informiert/).waitFor();
    await expectAccessible(page, 'order placed');

    await page.getByRole('link', { name: 'Zur Budgetübersicht' }).click();
    await page.getByRole('heading', { level: 1, name: 'IT-Budget' }).waitFor();
    await expect.poll(() => remainingCell.textContent()).not.toBe(before);
    const cents = (text: string) => Number(text.replace(/[^\d]/g, ''));
    expect(cents(before) - cents((await remainingCell.textContent()) as string)).toBe(120_000);
    expect(rig.scanned.size).toBeGreaterThanOrEqual(11);
  }, 180_000);
});
