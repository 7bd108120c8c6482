import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { type BrowserRig, startBrowserRig } from '../helpers/browser';

// The flow of issue #5 in real Chromium against a real server with the demo municipality:
// koord50 opens the next "JF IT/Amt 50", finds the routed project on the agenda, records a decision
// and a task for it-sb with digi, approves the minutes; it-sb sees the task under "Meine Aufgaben".
// Every page visited is scanned with axe (WCAG 2.1 A/AA).
let rig: BrowserRig;
let server: RunningServer;
let browser: Browser;
const expectAccessible = (page: Page, label: string) => rig.expectAccessible(page, label);
const signIn = (page: Page, login: string) => rig.signIn(page, login);
const signOut = (page: Page) => rig.signOut(page);
beforeAll(async () => {
  rig = await startBrowserRig('committees');
  ({ server, browser } = rig);
}, 120_000);

afterAll(async () => {
  await rig?.close();
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
    // the text box empties once the decision is saved; until then getByText would find the text in the
    // box itself (React mirrors a controlled textarea's value into its text content)
    await expect.poll(() => item.getByLabel('Beschlusstext').inputValue()).toBe('');
    await item.getByText('Das Projekt wird freigegeben; die IT beschafft 25 Geräte.').waitFor();

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
    expect([...rig.scanned]).toEqual(
      expect.arrayContaining(['committees', 'committee', 'meeting', 'meeting approved', 'my tasks']),
    );
  }, 180_000);
});
