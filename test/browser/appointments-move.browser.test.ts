import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postHold, slotsAhead } from '../../src/modules/appointments/test-fixtures';
import { type BrowserRig, startBrowserRig } from '../helpers/browser';

// Issue #7, citizen side: the citizen opens the move link of the confirmation mail in real Chromium,
// picks another slot and submits — a server-rendered page without script. Every page is scanned with axe.
let rig: BrowserRig;
const expectAccessible = (page: Page, label: string) => rig.expectAccessible(page, label);

beforeAll(async () => {
  rig = await startBrowserRig('appointments_move');
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

describe('the citizen moves an appointment in the browser', () => {
  it('opens the move link of the mail, picks a slot, submits and sees the new time', async () => {
    const { server, browser } = rig;
    const db = server.ctx.db;
    // a confirmed appointment of the demo municipality, booked through the public API
    const service = await db
      .selectFrom('appointment_services')
      .select('id')
      .where('name_de', '=', 'Wohngeld Erstberatung')
      .executeTakeFirstOrThrow();
    const slots = await server.app.inject({
      url: `/api/v1/public/slots?serviceId=${service.id}&mode=inPerson&surname=Mustermann&limit=5${slotsAhead()}`,
    });
    const first = (slots.json().items as Array<{ startsAt: string }>)[0].startsAt;
    const held = await postHold(server.app, { service }, { startsAt: first, name: 'Erika Mustermann' });
    expect(held.statusCode).toBe(201);
    const bookingNumber = held.json().bookingNumber as string;
    const mailText = async (kind: string) =>
      (
        await db
          .selectFrom('outbound_mail')
          .select('text_body')
          .where('kind', '=', kind)
          .where('subject', 'like', `%${bookingNumber}%`)
          .executeTakeFirstOrThrow()
      ).text_body;
    const confirm = new URL(
      /https?:\/\/\S+\/termine\/bestaetigen\/\S+/.exec(
        await mailText('appointment.confirmationRequest'),
      )?.[0] ?? '',
    );
    expect((await server.app.inject({ method: 'POST', url: confirm.pathname })).statusCode).toBe(200);
    const move = new URL(
      /Termin verschieben: (\S+)/.exec(await mailText('appointment.confirmation'))?.[1] ?? '',
    );

    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await page.goto(`${server.url}${move.pathname}`);
    await page.getByRole('heading', { level: 1, name: 'Termin verschieben' }).waitFor();
    await page.getByRole('group', { name: 'Beratungsform' }).waitFor();
    expect(await page.getByRole('radio', { name: 'vor Ort' }).isChecked()).toBe(true);
    await expectAccessible(page, 'move page');
    // the third slot of the list (the first is the current time)
    const choice = page.locator('input[name="startsAt"]').nth(2);
    const startsAt = (await choice.getAttribute('value')) ?? '';
    const label = (await page.locator(`label[for="${await choice.getAttribute('id')}"]`).textContent()) ?? '';
    await page.locator(`label[for="${await choice.getAttribute('id')}"]`).click();
    expect(await choice.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Termin verschieben' }).click();
    await page.getByRole('heading', { level: 1, name: 'Termin verschoben' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Ihr Termin ist verschoben' }).waitFor();
    // the new time (the label's start time) and the booking number are shown
    const time = /^\d{2}:\d{2}/.exec(label.trim())?.[0] ?? 'none';
    await expect.poll(() => page.getByText(new RegExp(`${time}–`)).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(bookingNumber, { exact: true }).count()).toBe(1);
    await expectAccessible(page, 'moved page');
    const row = await db
      .selectFrom('appointments')
      .select(['starts_at', 'citizen_moves'])
      .where('booking_number', '=', bookingNumber)
      .executeTakeFirstOrThrow();
    expect(row.starts_at.toISOString()).toBe(new Date(startsAt).toISOString());
    expect(row.citizen_moves).toBe(1);

    // again, choosing the current time in the same mode: the form comes back with a focused alert
    await page.getByRole('link', { name: 'Erneut verschieben' }).click();
    await page.getByRole('heading', { level: 1, name: 'Termin verschieben' }).waitFor();
    await page.getByText(/bisherige Zeit/).click();
    await page.getByRole('button', { name: 'Termin verschieben' }).click();
    await page.getByRole('alert').filter({ hasText: 'Das ist Ihr bisheriger Termin' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('move-error');
    await expectAccessible(page, 'move page: error');
    expect(rig.scanned.size).toBe(3);
  }, 180_000);
});
