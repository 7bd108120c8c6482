import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../src/db/database';
import { buildPerson } from '../src/modules/org/builders';
import { exited, freeFixedPort, healthy, spawnServerProcess, whenServerReady } from './helpers/child-server';
import { freshServerDatabase } from './helpers/server-database';

// "No accepted mail is ever lost or doubled": 1,000 messages over SMTP from 8 senders while the
// server is killed with SIGKILL at random moments and restarted. Like a relay, a sender retries a
// message until it gets 250. Afterwards every message exists exactly once, as exactly one ticket.
const TOTAL = 1000;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsdesk-mail-crash-'));
// the same ports after every restart (senders keep their SMTP port), outside the ephemeral range
const port = await freeFixedPort();
const smtpPort = await freeFixedPort([port]);
const base = `http://127.0.0.1:${port}`;
let databaseUrl = '';
let child: ChildProcess | null = null;

function start(): Promise<ChildProcess> {
  const proc = spawnServerProcess({
    port,
    dataDir,
    databaseUrl,
    env: {
      SMTP_PORT: String(smtpPort),
      SMTP_URL: '',
      AMTSDESK_JOBS: 'true',
      AMTSDESK_DEMO: 'false',
      MAIL_SENDER_LIMIT_PER_HOUR: '0',
      SMTP_RATE_PER_MINUTE: '0',
      MAIL_LEASE_SECONDS: '2',
      MAIL_POLL_MS: '200',
      LOG_LEVEL: 'fatal',
    },
  });
  return whenServerReady(proc, async () => (await healthy(base)) && (await smtpListening()), {
    timeoutMs: 90_000,
    pollMs: 100,
  }).then((started) => started.proc);
}

const smtpListening = () =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(smtpPort, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Seeded here instead of the demo municipality (which would only slow each start down): one sender,
// one administrator for the mail log, the intake address.
beforeAll(async () => {
  databaseUrl = await freshServerDatabase('amtsdesk_mail_crash');
  const database = await openDatabase({ databaseUrl: databaseUrl || null, dataDir });
  try {
    await migrate(database.db);
    await buildPerson(database.db, { login: 'crashsender', email: 'sender@crash.example' });
    await buildPerson(database.db, { login: 'crashadmin', roles: [{ role: 'admin' }] });
    await database.db
      .insertInto('mail_intake_addresses')
      .values({ address: 'it-support@amtsdesk.example', topic_id: null })
      .execute();
  } finally {
    await database.close();
  }
}, 120_000);
afterAll(() => {
  child?.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('mail crash safety', () => {
  it('every message answered with 250 exists exactly once after SIGKILLs and restarts', async () => {
    const accepted = new Set<number>();
    child = await start();
    const run = Date.now().toString(36);
    const queue = Array.from({ length: TOTAL }, (_, i) => i);
    let answeredTwice = 0;
    const sender = async () => {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, ignoreTLS: true });
      while (queue.length > 0) {
        const i = queue.shift() as number;
        try {
          const info = await transport.sendMail({
            from: 'sender@crash.example',
            to: 'it-support@amtsdesk.example',
            subject: `Crashtest ${run} ${i}`,
            text: `Nachricht ${i}`,
            messageId: `<crash.${run}.${i}@client.example>`,
          });
          if (!/^250/.test(info.response)) throw new Error(info.response);
          if (accepted.has(i)) answeredTwice++;
          accepted.add(i);
        } catch {
          queue.push(i); // like a relay: keep it and try again later
          await sleep(50);
        }
      }
      transport.close();
    };
    const senders = Promise.all(Array.from({ length: 8 }, sender));

    let kills = 0;
    while (accepted.size < TOTAL && kills < 3) {
      // kill after a random number of further acceptances, so every life of the server does work
      const target = accepted.size + 50 + Math.floor(Math.random() * 200);
      while (accepted.size < Math.min(target, TOTAL - 50)) await sleep(5);
      await sleep(Math.random() * 50);
      if (accepted.size >= TOTAL - 50) break;
      child.kill('SIGKILL');
      await exited(child);
      kills++;
      child = await start();
    }
    await senders;
    expect(kills).toBeGreaterThanOrEqual(2);
    expect(accepted.size).toBe(TOTAL);
    expect(answeredTwice).toBe(0);

    // let the restarted server finish processing (a claim of a killed worker expires after 2 s)
    const session = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'crashadmin', password: 'demo' }),
    });
    const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0];
    const deadline = Date.now() + 150_000;
    for (;;) {
      const log = await (
        await fetch(`${base}/api/v1/admin/mail-log?limit=1`, { headers: { cookie } })
      ).json();
      if (log.counts.received + log.counts.processing === 0) break;
      if (Date.now() > deadline) throw new Error(`still unprocessed: ${JSON.stringify(log.counts)}`);
      await sleep(200);
    }
    child.kill('SIGTERM');
    await exited(child);
    child = null;

    const database = await openDatabase({ databaseUrl: databaseUrl || null, dataDir });
    try {
      const like = `Crashtest ${run} %`;
      const mails = await database.db
        .selectFrom('inbound_mail')
        .select(['message_id', 'state', 'outcome', 'ticket_id'])
        .where('subject', 'like', like)
        .execute();
      expect(mails).toHaveLength(TOTAL);
      expect(new Set(mails.map((m) => m.message_id)).size).toBe(TOTAL);
      expect(mails.filter((m) => m.state !== 'processed' || m.outcome !== 'ticketCreated')).toEqual([]);
      const tickets = await database.db
        .selectFrom('tickets')
        .select(['id', 'title'])
        .where('title', 'like', like)
        .execute();
      expect(tickets).toHaveLength(TOTAL);
      expect(new Set(tickets.map((t) => t.title)).size).toBe(TOTAL);
      expect(new Set(mails.map((m) => m.ticket_id))).toEqual(new Set(tickets.map((t) => t.id)));
    } finally {
      await database.close();
    }
  }, 400_000);
});
