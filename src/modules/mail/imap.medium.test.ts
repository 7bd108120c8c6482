import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dovecot, startDovecot } from '../../../test/helpers/dovecot';
import { buildIntake } from '../../../test/helpers/mail-intake';
import { buildTenant } from '../../../test/helpers/tenant';
import { openTestContext, type TestContext } from '../../../test/helpers/test-context';
import { collectImap } from './imap-collector';
import { processInboundMail } from './process-inbound';

// The IMAP collector against a real Debian dovecot-imapd on a loopback port.
let t: TestContext;
let dovecot: Dovecot;
beforeAll(async () => {
  t = await openTestContext();
  dovecot = await startDovecot();
});
afterAll(async () => {
  await dovecot?.stop();
  await t.close();
});

async function withMailbox<T>(fn: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.logout();
  }
}

const rawMail = (from: string, to: string, subject: string, id: string) =>
  `From: ${from}\r\nTo: ${to}\r\nSubject: ${subject}\r\nMessage-ID: ${id}\r\nDate: Mon, 23 Nov 2026 09:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBitte helfen.\r\n`;

describe('IMAP collector (dovecot)', () => {
  it('commits new mail, then flags it seen; a restart before the flag creates no duplicates and misses nothing', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const intake = await buildIntake(t.ctx.db, { topicId: tenant.topic.id });
    const from = `${tenant.requester.login}@example.org`;
    const run = Date.now().toString(36);
    const ids = [1, 2, 3].map((i) => `<imap.${run}.${i}@client.example>`);
    await withMailbox(async (client) => {
      for (const [i, id] of ids.entries())
        await client.append('INBOX', rawMail(from, intake.address, `Über IMAP ${run} ${i}`, id));
    });
    const source = { url: dovecot.url, intake: intake.address };

    // the first round stops ("crashes") after two messages
    expect(await collectImap(t.ctx, source, { stopAfter: 2 })).toEqual({
      fetched: 2,
      stored: 2,
      duplicates: 0,
    });
    // the next round (a restarted process) picks up the third only
    expect(await collectImap(t.ctx, source)).toEqual({ fetched: 1, stored: 1, duplicates: 0 });
    expect(await collectImap(t.ctx, source)).toEqual({ fetched: 0, stored: 0, duplicates: 0 });

    // stored but the position and \Seen flag were lost (crash between commit and flag): fetched again, stored once
    // only this dovecot's mailbox: the table is shared with every other test file on PostgreSQL
    await t.ctx.db
      .updateTable('mail_imap_state')
      .set({ last_uid: 0 })
      .where('mailbox', '=', `${dovecot.user}@${dovecot.host}:${dovecot.port}/INBOX`)
      .execute();
    expect(await collectImap(t.ctx, source)).toMatchObject({ fetched: 3, stored: 0, duplicates: 3 });

    const flags = await withMailbox(async (client) => {
      await client.mailboxOpen('INBOX');
      const messages = await client.fetchAll('1:*', { flags: true, envelope: true });
      return messages.map((m) => m.flags?.has('\\Seen'));
    });
    expect(flags).toEqual([true, true, true]);

    const rows = await t.ctx.db
      .selectFrom('inbound_mail')
      .select(['id', 'channel', 'intake_address_id'])
      .where('message_id', 'in', ids)
      .execute();
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.channel === 'imap' && r.intake_address_id === intake.id)).toBe(true);
    await processInboundMail(t.ctx, { ids: rows.map((r) => r.id) });
    const tickets = await t.ctx.db
      .selectFrom('tickets')
      .select(['title', 'topic_id'])
      .where('requester_id', '=', tenant.requester.id)
      .execute();
    expect(tickets).toHaveLength(3);
    expect(tickets.every((x) => x.topic_id === tenant.topic.id)).toBe(true);
  }, 60_000);
});
