import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { type BrowserRig, startBrowserRig } from '../helpers/browser';

// Issue #7, administration: an administrator changes an office's opening hours and a concern's
// duration through the forms, meets the error summary for a bad value (its link moves the focus to
// the field), views the statistics chart and changes a setting. Every page state is scanned with axe.
let rig: BrowserRig;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  rig = await startBrowserRig('appointments_admin');
  ({ server, browser } = rig);
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('appointment administration in the browser', () => {
  it('edits opening hours and a duration with an error summary, shows the chart and saves a setting', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await rig.signIn(page, 'admin');
    await page.getByRole('link', { name: 'Terminverwaltung' }).click();
    await page.getByRole('heading', { level: 1, name: 'Terminverwaltung' }).waitFor();
    await page.getByRole('cell', { name: 'Wohngeld Erstberatung' }).waitFor();
    await rig.expectAccessible(page, 'admin: lists');

    // office: a window that ends before it starts → the server's 400, summarised with a link to Monday
    const editOf = (name: string) =>
      page.getByRole('row').filter({ hasText: name }).getByRole('button', { name: 'Bearbeiten' });
    expect(await editOf('Bürgerbüro Soziales').getAttribute('aria-describedby')).toMatch(
      /^admin-offices-name-/,
    );
    await editOf('Bürgerbüro Soziales').click();
    const officeHeading = page.getByRole('heading', { level: 3, name: /Bürgerbüro Soziales.*bearbeiten/ });
    await officeHeading.waitFor();
    expect(await focusedId(page)).toBe('office-form-heading');
    await rig.expectAccessible(page, 'admin: office form');
    const monday = page.getByRole('textbox', { name: 'Montag' });
    await monday.fill('12:00-08:00');
    await page.getByRole('button', { name: 'Speichern' }).first().click();
    const summary = page.getByRole('alert').filter({ hasText: 'Montag' });
    await summary.waitFor();
    await rig.expectAccessible(page, 'admin: office form with errors');
    await summary.getByRole('link', { name: /Montag/ }).click();
    expect(await focusedId(page)).toBe('office-form-openingHours-1');
    await monday.fill('08:00-12:00, 13:00-17:30');
    await page.getByRole('button', { name: 'Speichern' }).first().click();
    await page.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
    await officeHeading.waitFor({ state: 'detached' });
    expect(await focusedId(page)).toBe('admin-offices-heading');
    const office = await server.ctx.db
      .selectFrom('appointment_offices')
      .select(['id', 'opening_hours'])
      .where('name', '=', 'Bürgerbüro Soziales')
      .executeTakeFirstOrThrow();
    expect((office.opening_hours as Record<string, unknown>)['1']).toEqual([
      ['08:00', '12:00'],
      ['13:00', '17:30'],
    ]);

    // concern: a duration below 5 minutes → summary; then 60 minutes is saved and listed
    await editOf('Wohngeld Erstberatung').click();
    await page.getByRole('heading', { level: 3, name: /Wohngeld Erstberatung.*bearbeiten/ }).waitFor();
    const duration = page.getByRole('spinbutton', { name: 'Dauer in Minuten' });
    await duration.fill('3');
    await page.getByRole('button', { name: 'Speichern' }).first().click();
    const durationError = page.getByRole('alert').filter({ hasText: 'Dauer in Minuten' });
    await durationError.waitFor();
    await rig.expectAccessible(page, 'admin: concern form with errors');
    await durationError.getByRole('link', { name: /Dauer in Minuten/ }).click();
    expect(await focusedId(page)).toBe('service-form-durationMinutes');
    await duration.fill('60');
    await page.getByRole('button', { name: 'Speichern' }).first().click();
    await page.getByRole('row', { name: /Wohngeld Erstberatung 60 Minuten/ }).waitFor();
    const service = await server.ctx.db
      .selectFrom('appointment_services')
      .select('duration_minutes')
      .where('name_de', '=', 'Wohngeld Erstberatung')
      .where('office_id', '=', office.id)
      .executeTakeFirstOrThrow();
    expect(service.duration_minutes).toBe(60);

    // the chart: one text per concern (what a screen reader reads), the bars beside it hidden
    await page.getByRole('heading', { level: 3, name: 'Diagramm je Anliegen' }).waitFor();
    const bar = page.getByRole('listitem').filter({ hasText: /^Wohngeld Erstberatung: \d+ Buchungen/ });
    await bar.waitFor();
    expect(await bar.textContent()).toMatch(/Auslastung/);
    expect(await bar.locator('[aria-hidden="true"]').count()).toBe(2);
    await page.getByRole('rowheader', { name: 'Alle Anliegen' }).waitFor();
    await rig.expectAccessible(page, 'admin: statistics chart');

    // settings: out of range → 422 summary; a valid hold time is stored
    const hold = page.getByRole('spinbutton', { name: /Reservierungsdauer/ });
    await hold.fill('500');
    const settingsForm = page.getByRole('form', { name: 'Einstellungen der Terminbuchung' });
    await settingsForm.getByRole('button', { name: 'Speichern' }).click();
    await settingsForm.getByRole('alert').filter({ hasText: 'Reservierungsdauer' }).waitFor();
    await rig.expectAccessible(page, 'admin: settings with errors');
    await hold.fill('20');
    await settingsForm.getByRole('button', { name: 'Speichern' }).click();
    await expect
      .poll(
        async () =>
          (
            await server.ctx.db
              .selectFrom('appointment_settings')
              .select('hold_minutes')
              .executeTakeFirstOrThrow()
          ).hold_minutes,
      )
      .toBe(20);
    await expect.poll(() => settingsForm.getByRole('alert').count()).toBe(0);
  }, 180_000);
});
