import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processImportRuns } from '../../src/modules/assets/import/import-kinds';
import type { RunningServer } from '../../src/server';
import { type BrowserRig, startBrowserRig } from '../helpers/browser';

// The flow of issue #6 in real Chromium against a real server with the demo municipality:
// IT imports an inventory CSV (Windows-1252, semicolons) with a bad row, reads the dry-run report,
// runs the import and assigns the new smartphone to a position; the holder of that position sees
// it under "Meine Ausstattung". Every page visited is scanned with axe (WCAG 2.1 A/AA).
let rig: BrowserRig;
let server: RunningServer;
let browser: Browser;
const expectAccessible = (page: Page, label: string) => rig.expectAccessible(page, label);
const signIn = (page: Page, login: string) => rig.signIn(page, login);
const signOut = (page: Page) => rig.signOut(page);
beforeAll(async () => {
  rig = await startBrowserRig('assets');
  ({ server, browser } = rig);
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

/** The rig runs without background jobs: accepted imports are worked here, as the job would, until the report shows. */
async function untilReport(page: Page, name: string) {
  await expect
    .poll(async () => {
      await processImportRuns(server.ctx);
      return page.getByRole('heading', { level: 2, name }).isVisible();
    })
    .toBe(true);
}

describe('equipment in the browser', () => {
  it('IT imports inventory, assigns a smartphone to a position, the holder sees it as her equipment', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    const csv = Buffer.from(
      [
        'Inventarnummer;Hostname;Serial;Typ;Modell;OS;Last Seen;Stellenplannummer',
        'MS-2026-9001;;R58W-9001;Smartphone;Samsung Galaxy A55;Android 15;02.11.2026 08:15;',
        'MS-2026-9002;MS-PC-9002;5CG-9002;Notebook;Dell Latitude 5450;Windows 11;02.11.2026 08:20;',
        'MS-2026-9003;MS-PC-9003;5CG-9003;Notebook;Dell Latitude 5450;Windows 11;;99.9.999',
      ].join('\r\n'),
      'latin1',
    );

    await signIn(page, 'it-sb');
    await page.getByRole('link', { name: 'Geräte', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Geräte' }).waitFor();
    await expectAccessible(page, 'asset list');
    await page.getByRole('link', { name: 'Inventar importieren' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inventar importieren' }).waitFor();
    await expectAccessible(page, 'import');
    await page.getByLabel('Datei').setInputFiles({ name: 'inventar.csv', mimeType: 'text/csv', buffer: csv });
    await page.getByRole('button', { name: 'Probelauf' }).click();
    await untilReport(page, 'Ergebnis des Probelaufs – es wurde nichts gespeichert');
    expect(await page.locator('main').textContent()).toContain('Unbekannte Stellenplannummer „99.9.999“');
    expect(await page.locator('main').textContent()).toContain(
      'neu: 2, geändert: 0, unverändert: 0, Fehler: 1',
    );
    await expectAccessible(page, 'import dry-run report');
    await page.getByRole('button', { name: 'Import ausführen' }).click();
    await untilReport(page, 'Import abgeschlossen');
    await expectAccessible(page, 'import report');

    await page.goto(`${server.url}/assets`);
    await page.getByLabel('Suche (Inventar-, Serien-, Hostname)').fill('MS-2026-9001');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await page.getByRole('link', { name: 'MS-2026-9001' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gerät MS-2026-9001' }).waitFor();
    await expectAccessible(page, 'asset');
    await page.getByRole('button', { name: 'Zuordnen' }).click(); // empty: error summary
    await page.getByRole('alert').first().waitFor();
    await expectAccessible(page, 'asset assignment with errors');
    await page.getByRole('textbox', { name: 'Stellenplannummer' }).fill('50.1.003');
    await page.getByRole('button', { name: 'Zuordnen' }).click();
    await page.getByText('Das Gerät ist jetzt der Stelle 50.1.003 zugeordnet.').waitFor();
    await expectAccessible(page, 'asset assigned');
    await signOut(page);

    await signIn(page, 'sb50');
    await page.getByRole('link', { name: 'Meine Ausstattung' }).click();
    await page.getByRole('heading', { level: 1, name: 'Meine Ausstattung' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /Stelle 50\.1\.003/ }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'MS-2026-9001' });
    await expect.poll(async () => row.textContent()).toContain('Smartphone');
    await expectAccessible(page, 'my equipment');
    await page.getByRole('link', { name: 'Stelle ansehen' }).click();
    await page.getByRole('heading', { level: 1, name: /Stelle 50\.1\.003/ }).waitFor();
    await expectAccessible(page, 'position');
    await page.getByRole('link', { name: 'Fachverfahren' }).click();
    await page.getByRole('heading', { level: 1, name: 'Fachverfahren' }).waitFor();
    await page.getByRole('rowheader', { name: /OPEN\/PROSOZ/ }).waitFor();
    await expectAccessible(page, 'applications');
    expect(rig.scanned.size).toBeGreaterThanOrEqual(10);
  }, 240_000);
});
