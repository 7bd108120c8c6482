import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIcs } from '../../../test/helpers/ics';
import { startSmtpSink } from '../../../test/helpers/smtp-sink';
import { buildTenant } from '../../../test/helpers/tenant';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { loadActor } from '../auth/actor';
import { createMailTransport, deliverDueMail } from '../mail/outbox';
import { buildPerson } from '../org/builders';
import { createTicket } from '../tickets/commands/create-ticket';
import { sendDueInvitations } from './commands/invitations';
import { localDateString } from './rhythm';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

describe('invitations, moves and cancellations by mail', () => {
  it('invites members N days before, sends an update with a higher SEQUENCE when moved and CANCEL when cancelled', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const admin = as(
      t.app,
      await signIn(t.app, (await buildPerson(t.ctx.db, { roles: [{ role: 'admin' }] })).login),
    );
    const created = await admin({
      method: 'POST',
      url: '/api/v1/committees',
      payload: {
        name: `JF Mail ${tenant.department.id}`,
        kind: 'itCommittee',
        orgUnitId: tenant.department.id,
        chairId: tenant.coordinator.id,
        members: [{ personId: tenant.agent.id }],
        everyWeeks: 1,
        weekday: 3,
        startTime: '10:00',
        startsOn: localDateString(new Date()),
        agendaMailDays: 10,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const committee = created.json();
    const chair = as(t.app, await signIn(t.app, tenant.coordinator.login));
    const [meeting] = (
      await chair({ method: 'GET', url: `/api/v1/committees/${committee.id}/meetings` })
    ).json().items;

    // an item about a ticket of another department: its coordinator is invited as a guest by topic
    const otherCoordinator = await buildPerson(t.ctx.db, {
      orgUnitId: tenant.otherDepartment.id,
      roles: [{ role: 'coordinator', orgUnitId: tenant.otherDepartment.id }],
    });
    const outsider = await loadActor(t.ctx.db, tenant.outsider.id);
    if (!outsider) throw new Error('no actor');
    const number = await createTicket(t.ctx, outsider, {
      title: 'Fachverfahren Amt X',
      description: '',
      priority: 'normal',
    });
    await chair({
      method: 'POST',
      url: `/api/v1/meetings/${meeting.id}/agenda-items`,
      payload: { title: 'Fachverfahren Amt X', ticketNumber: number },
    });

    await sendDueInvitations(t.ctx);
    const mails = async () =>
      t.ctx.db
        .selectFrom('outbound_mail')
        .select(['id', 'kind', 'to_addresses', 'subject', 'attachments'])
        .where('subject', 'like', `%${committee.name}%`)
        .orderBy('id')
        .execute();
    const invitations = await mails();
    expect(invitations.length).toBeGreaterThanOrEqual(1);
    expect(invitations[0].kind).toBe('committee.invitation');
    expect(invitations[0].to_addresses.sort()).toEqual(
      [tenant.coordinator.login, tenant.agent.login, otherCoordinator.login]
        .map((l) => `${l}@example.org`)
        .sort(),
    );
    await sendDueInvitations(t.ctx); // idempotent
    expect((await mails()).length).toBe(invitations.length);

    const later = new Date(Date.parse(meeting.startsAt) + 2 * 3_600_000);
    const moved = await chair({
      method: 'PATCH',
      url: `/api/v1/meetings/${meeting.id}`,
      payload: { version: meeting.version, startsAt: later.toISOString(), reason: 'Raum belegt' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ state: 'moved', sequence: 1, changeReason: 'Raum belegt' });
    const stale = await chair({
      method: 'PATCH',
      url: `/api/v1/meetings/${meeting.id}`,
      payload: { version: meeting.version, cancelled: true, reason: 'x' },
    });
    expect(stale.statusCode).toBe(409);
    const cancelled = await chair({
      method: 'PATCH',
      url: `/api/v1/meetings/${meeting.id}`,
      payload: { version: moved.json().version, cancelled: true, reason: 'Krankheit' },
    });
    expect(cancelled.json()).toMatchObject({ state: 'cancelled', sequence: 2 });

    const all = (await mails()).filter((m) => m.attachments.some((a) => a.contentBase64));
    const forMeeting = all.filter((m) =>
      Buffer.from(m.attachments[0].contentBase64, 'base64').toString().includes(`UID:meeting-${meeting.id}@`),
    );
    expect(forMeeting.map((m) => m.kind)).toEqual([
      'committee.invitation',
      'committee.invitation',
      'committee.cancellation',
    ]);

    // delivered through SMTP: the calendar part carries the method, the ics parses back
    const sink = await startSmtpSink();
    const transport = createMailTransport(sink.url);
    try {
      await deliverDueMail(t.ctx.db, transport, { ids: forMeeting.map((m) => m.id) });
      const received = await sink.waitFor(3);
      const icsOf = (i: number) => {
        const part = received[i].parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'));
        return parseIcs(part?.content.toString('utf8') ?? received[i].raw.toString());
      };
      // SMTP promises no order of arrival; calendar clients order by SEQUENCE, so do we
      const seqs = [0, 1, 2]
        .map((i) => icsOf(i))
        .sort((a, b) => Number(a.event.get('SEQUENCE')?.value) - Number(b.event.get('SEQUENCE')?.value));
      expect(seqs.map((s) => s.calendar.get('METHOD')?.value)).toEqual(['REQUEST', 'REQUEST', 'CANCEL']);
      expect(seqs.map((s) => s.event.get('SEQUENCE')?.value)).toEqual(['0', '1', '2']);
      expect(new Set(seqs.map((s) => s.event.get('UID')?.value)).size).toBe(1);
      expect(seqs[1].event.get('DTSTART')?.params).toBe(';TZID=Europe/Berlin');
      expect(seqs[1].event.get('DTSTART')?.value.slice(9)).toBe('120000');
      const withCalendarMethod = (method: string) =>
        received.filter((r) =>
          new RegExp(`text/calendar; charset=utf-8; method=${method}`, 'i').test(r.raw.toString()),
        ).length;
      expect(withCalendarMethod('REQUEST')).toBe(2);
      expect(withCalendarMethod('CANCEL')).toBe(1);
    } finally {
      transport.close();
      await sink.close();
    }
  });
});
