import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slotsAhead } from '../../src/modules/appointments/test-fixtures';
import type { RunningServer } from '../../src/server';
import { type BrowserRig, startBrowserRig } from '../helpers/browser';

// The clerk side of issue #7 in real Chromium: "Meine Termine" as a week, a rebook to another free
// slot (after paging to later slots and jumping to a day; the citizen gets a mail) and a hand-over to a colleague; axe on every state of the page.
let rig: BrowserRig;
let server: RunningServer;
let browser: Browser;
const expectAccessible = (page: Page, label: string) => rig.expectAccessible(page, label);

beforeAll(async () => {
  rig = await startBrowserRig('appointments_clerk');
  ({ server, browser } = rig);
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** Two confirmed appointments of Murat Yılmaz (sb50b, L–Z) on the same day, written directly. */
async function seedAppointments() {
  const db = server.ctx.db;
  const service = await db
    .selectFrom('appointment_services')
    .select(['id', 'office_id'])
    .where('name_de', '=', 'Wohngeld Erstberatung')
    .executeTakeFirstOrThrow();
  const clerk = await db
    .selectFrom('appointment_clerks as c')
    .innerJoin('persons as p', 'p.id', 'c.person_id')
    .select('c.id')
    .where('p.login', '=', 'sb50b')
    .executeTakeFirstOrThrow();
  const res = await fetch(
    `${server.url}/api/v1/public/slots?serviceId=${service.id}&mode=inPerson&surname=Mustermann${slotsAhead()}`,
  );
  const slots = ((await res.json()) as { items: Array<{ startsAt: string }> }).items.map(
    (s) => new Date(s.startsAt),
  );
  // a day with at least six free slots: the first and the fifth (an hour apart)
  const day = slots.find((s) => slots.filter((x) => dayOf(x) === dayOf(s)).length >= 6) as Date;
  const ofDay = slots.filter((s) => dayOf(s) === dayOf(day));
  const rows = [];
  for (const [startsAt, name] of [
    [ofDay[0], 'Erika Mustermann'],
    [ofDay[4], 'Max Müller'],
  ] as const) {
    const endsAt = new Date(startsAt.getTime() + 45 * 60_000);
    const row = await db
      .insertInto('appointments')
      .values({
        booking_number: `T${startsAt.getFullYear()}-${String(Math.floor(Math.random() * 900_000) + 100_000)}`,
        office_id: service.office_id,
        clerk_id: clerk.id,
        mode: 'inPerson',
        starts_at: startsAt,
        ends_at: endsAt,
        blocked_until: endsAt,
        status: 'confirmed',
        hold_expires_at: startsAt,
        citizen_name: name,
        citizen_email: `${name.split(' ')[0].toLowerCase()}.${Date.now()}@example.org`,
        citizen_phone: null,
        locale: 'de',
        confirm_token_hash: null,
        confirmed_at: new Date(),
      })
      .returning(['id', 'booking_number', 'starts_at'])
      .executeTakeFirstOrThrow();
    await db
      .insertInto('appointment_items')
      .values({ appointment_id: row.id, service_id: service.id })
      .execute();
    rows.push(row);
  }
  return { day: dayOf(day), first: rows[0], second: rows[1] };
}

describe('clerk appointments in the browser', () => {
  it('a clerk switches to the week view, rebooks one appointment and hands another to a colleague, then sees it in the office view', async () => {
    const seeded = await seedAppointments();
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await rig.signIn(page, 'sb50b');
    await page.getByRole('link', { name: 'Meine Termine' }).click();
    await page.getByRole('heading', { level: 1, name: 'Meine Termine' }).waitFor();
    await expect
      .poll(() => page.getByRole('button', { name: 'Tag', exact: true }).getAttribute('aria-pressed'))
      .toBe('true');
    await expectAccessible(page, 'my appointments: day');

    // the week that contains the seeded day: seven day headings, the appointments under theirs
    await page.getByLabel('Datum').fill(seeded.day);
    await page.getByRole('button', { name: 'Woche', exact: true }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 2 }).filter({ hasText: /\d{4}/ }).count())
      .toBe(7);
    await page.getByRole('button', { name: 'Nächste Woche' }).waitFor();
    const daySection = page.getByRole('region', {
      name: new Intl.DateTimeFormat('de-DE', { dateStyle: 'full', timeZone: 'Europe/Berlin' }).format(
        seeded.first.starts_at,
      ),
    });
    await daySection.getByRole('row').filter({ hasText: 'Erika Mustermann' }).waitFor();
    await expect.poll(() => daySection.getByRole('row').filter({ hasText: 'Max Müller' }).count()).toBe(1);
    await expectAccessible(page, 'my appointments: week');
    // previous/next move by a week and back
    await page.getByRole('button', { name: 'Nächste Woche' }).click();
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Erika Mustermann' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Vorherige Woche' }).click();
    await page.getByRole('row').filter({ hasText: 'Erika Mustermann' }).waitFor();

    // rebook the first: the panel gets focus, lists free slots; choose one at another time
    const rebookButton = page.getByRole('button', { name: `Verlegen ${seeded.first.booking_number}` });
    await rebookButton.click();
    expect(await rebookButton.getAttribute('aria-expanded')).toBe('true');
    const panel = page.getByRole('form', { name: `Termin ${seeded.first.booking_number} verlegen` });
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe(`Termin ${seeded.first.booking_number} verlegen`);
    // submitting without a choice: an error summary
    await panel.getByRole('button', { name: 'Termin verlegen' }).click();
    await panel.getByRole('alert').waitFor();
    const radios = panel.getByRole('radio');
    await radios.first().waitFor({ state: 'attached' });
    await expectAccessible(page, 'my appointments: rebook panel');
    const values = await radios.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    // the slot of the second appointment is not offered (it is busy)
    expect(values).not.toContain(seeded.second.starts_at.toISOString());
    // nor its own time in the same mode (that would change nothing)
    expect(values).not.toContain(seeded.first.starts_at.toISOString());

    // later slots: the next 14 days are added, the count announced, the focus stays on the button
    const status = panel.getByRole('status');
    await expect.poll(() => status.textContent()).toMatch(/^Freie Termine: \d+ \(vom /);
    const later = panel.getByRole('button', { name: 'Spätere Termine laden' });
    await later.click();
    await expect
      .poll(() => status.textContent())
      .toMatch(/^Weitere freie Termine geladen: \d+\. Freie Termine: \d+/);
    const added = Number(/geladen: (\d+)/.exec((await status.textContent()) ?? '')?.[1]);
    expect(added).toBeGreaterThan(0);
    const paged = await radios.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(paged.slice(0, values.length)).toEqual(values);
    expect(paged.length - values.length).toBe(added);
    expect(Date.parse(paged[values.length])).toBeGreaterThan(Date.parse(values[values.length - 1]));
    expect(await later.evaluate((button) => button === document.activeElement)).toBe(true);
    await expectAccessible(page, 'my appointments: rebook panel, later slots');

    // jump to a day three weeks after the seeded one: the list starts there
    const jumpDay = new Date(seeded.first.starts_at.getTime() + 21 * 86_400_000);
    await panel.getByLabel('Freie Termine ab').fill(dayOf(jumpDay));
    await panel.getByRole('button', { name: 'Ab diesem Tag zeigen' }).click();
    const jumpLabel = new Intl.DateTimeFormat('de-DE', {
      dateStyle: 'medium',
      timeZone: 'Europe/Berlin',
    }).format(new Date(jumpDay.getFullYear(), jumpDay.getMonth(), jumpDay.getDate()));
    await expect.poll(() => status.textContent()).toContain(`(vom ${jumpLabel} bis`);
    const jumped = await radios.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(jumped.length).toBeGreaterThan(0);
    expect(
      jumped.every(
        (v) =>
          Date.parse(v) >= new Date(jumpDay.getFullYear(), jumpDay.getMonth(), jumpDay.getDate()).getTime(),
      ),
    ).toBe(true);
    const target = jumped.find(
      (v) => Date.parse(v) > seeded.second.starts_at.getTime() + 3_600_000,
    ) as string;
    expect(target).toBeTruthy();
    await panel.locator(`label[for="rebook-${seeded.first.id}-${target}"]`).click();
    await panel.getByRole('button', { name: 'Termin verlegen' }).click();
    await page.getByRole('status').filter({ hasText: 'wurde auf' }).waitFor();
    await expectAccessible(page, 'my appointments: rebooked');
    const moved = await server.ctx.db
      .selectFrom('appointments')
      .select(['starts_at', 'ics_sequence'])
      .where('id', '=', seeded.first.id)
      .executeTakeFirstOrThrow();
    expect(moved.starts_at.toISOString()).toBe(new Date(target).toISOString());
    expect(moved.ics_sequence).toBe(1);
    const rebookMail = await server.ctx.db
      .selectFrom('outbound_mail')
      .select('kind')
      .where('subject', 'like', `%${seeded.first.booking_number}%`)
      .execute();
    expect(rebookMail.map((m) => m.kind).sort()).toEqual([
      'appointment.clerkInvitation',
      'appointment.rebooked',
    ]);

    // hand the second to Sabine Berger with a note
    await page.getByRole('button', { name: `Weitergeben ${seeded.second.booking_number}` }).click();
    const forward = page.getByRole('form', { name: `Termin ${seeded.second.booking_number} weitergeben` });
    await forward.getByRole('combobox', { name: 'Weitergeben an' }).waitFor();
    await expectAccessible(page, 'my appointments: forward panel');
    await forward.getByRole('combobox', { name: 'Weitergeben an' }).selectOption({ label: 'Sabine Berger' });
    await forward.getByRole('textbox', { name: /Hinweis/ }).fill('Unterlagen liegen schon vor.');
    await forward.getByRole('button', { name: 'Termin weitergeben' }).click();
    await page.getByRole('status').filter({ hasText: 'an Sabine Berger weitergegeben' }).waitFor();
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Max Müller' }).count()).toBe(0);
    await expectAccessible(page, 'my appointments: forwarded');
    const forwardMails = await server.ctx.db
      .selectFrom('outbound_mail')
      .select('kind')
      .where('subject', 'like', `%${seeded.second.booking_number}%`)
      .execute();
    expect(forwardMails.map((m) => m.kind).sort()).toEqual([
      'appointment.clerkCancel',
      'appointment.clerkInvitation',
      'appointment.forwarded',
    ]);
    // the whole office: the handed-over appointment shows with its new clerk; no cancel for a colleague's
    await page.getByRole('combobox', { name: 'Termine von' }).selectOption('office');
    const handedOver = page.getByRole('row').filter({ hasText: 'Max Müller' });
    await handedOver.waitFor();
    expect(await handedOver.textContent()).toContain('bei Sabine Berger');
    expect(await handedOver.getByRole('button', { name: /Absagen/ }).count()).toBe(0);
    expect(await handedOver.getByRole('button', { name: /Verlegen/ }).count()).toBe(1);
    await expectAccessible(page, 'my appointments: office');
    expect(rig.scanned.size).toBe(9);
  }, 240_000);
});
