import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { type RunningServer, startServer } from '../src/server';
import { smtpSend } from './helpers/mail-intake';
import { freshServerDatabase } from './helpers/server-database';
import { type SmtpSink, startSmtpSink } from './helpers/smtp-sink';

// The newcomer's flow against a whole server with the demo data: a mail from sb50 to the demo
// intake address becomes sb50's ticket, the acknowledgement (from a real SMTP sink) carries
// [#number], and the reply to it lands on the same ticket.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsdesk-mail-contract-'));
let server: RunningServer;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
  const config = loadConfig({
    port: 0,
    host: '127.0.0.1',
    smtpPort: 0,
    dataDir,
    databaseUrl: (await freshServerDatabase('amtsdesk_mail_contract')) || null,
    smtpUrl: sink.url,
    outboxPollMs: 200,
    mailPollMs: 200,
    logLevel: 'warn',
    // loopback stands for the municipal relay: only its Authentication-Results can vouch for a sender
    mailTrustedRelays: ['127.0.0.1', '::1'],
    mailAuthservId: 'relay.musterstadt.example',
  });
  server = await startServer(config);
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await sink?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A signed-in demo person: GET and POST with cookie and CSRF token. */
async function session(login: string) {
  const res = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: 'demo' }),
  });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    get: (url: string) => fetch(`${server.url}${url}`, { headers: { cookie } }).then((r) => r.json()),
    post: (url: string, body: unknown) =>
      fetch(`${server.url}${url}`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json()),
  };
}

describe('mail contract', () => {
  it('mail from sb50 → ticket for sb50, acknowledgement with [#number], reply → article of the same ticket', async () => {
    expect(server.smtpPort).toBeGreaterThan(0);
    const session = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'sb50', password: 'demo' }),
    });
    const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0];
    const get = (url: string) => fetch(`${server.url}${url}`, { headers: { cookie } }).then((r) => r.json());

    const title = `Kopierer im Flur klemmt ${Date.now()}`;
    const sent = await smtpSend(server.smtpPort as number, {
      from: 'Sabine Berger <sb50@musterstadt.example>',
      to: 'it-support@amtsdesk.example',
      subject: title,
      text: 'Guten Tag,\nder Kopierer im Flur zieht kein Papier ein.',
    });
    expect(sent.response).toMatch(/^250/);

    const ticket = await until('the ticket in sb50’s list', async () => {
      const list = await get('/api/v1/tickets');
      return list.items.find((i: { title: string }) => i.title === title);
    });
    expect(ticket.number).toMatch(/^\d{4}-\d{6}$/);

    const ack = await until('the acknowledgement', async () =>
      sink.received.find((m) => m.parsed.subject?.includes(`[#${ticket.number}]`)),
    );
    expect(ack.envelopeTo).toEqual(['sb50@musterstadt.example']);
    expect(ack.parsed.subject).toMatch(/\[#\d{4}-\d{6}\]/);

    await smtpSend(server.smtpPort as number, {
      from: 'sb50@musterstadt.example',
      to: 'it-support@amtsdesk.example',
      subject: `AW: ${ack.parsed.subject}`,
      text: 'Es ist der Kopierer neben Raum 112.',
      inReplyTo: ack.parsed.messageId,
    });
    const detail = await until('the reply as an article', async () => {
      const d = await get(`/api/v1/tickets/${ticket.number}`);
      return d.articles.some((a: { body: string }) => a.body.includes('neben Raum 112')) ? d : undefined;
    });
    expect(detail.topic).toEqual({ key: 'workplace', name: 'Arbeitsplatz & Drucker' });
    const list = await get('/api/v1/tickets');
    expect(list.items.filter((i: { title: string }) => i.title === title)).toHaveLength(1);
  }, 90_000);

  it('a forged IT reply (foreign or matching envelope, no AUTH) is no agent article and is not mailed to the clerk; the relay-verified one is', async () => {
    const sb32 = await session('sb32');
    const itAl = await session('it-al');
    const admin = await session('admin');
    const { number } = await sb32.post('/api/v1/tickets', {
      title: `Bildschirm flackert ${Date.now()}`,
      topic: 'workplace',
    });
    expect(number).toMatch(/^\d{4}-\d{6}$/);
    const logged = (subject: string) =>
      until(`the mail log entry for ${subject}`, async () => {
        const log = await admin.get(`/api/v1/admin/mail-log?q=${encodeURIComponent(subject)}`);
        const item = log.items?.[0];
        return item && !['received', 'processing'].includes(item.state) ? item : undefined;
      });
    const agentArticles = async (body: string) => {
      const seen = [];
      for (const who of [sb32, itAl]) {
        const detail = await who.get(`/api/v1/tickets/${number}`);
        seen.push(
          ...detail.articles.filter(
            (a: { sender: string; body: string }) => a.sender === 'agent' && a.body.includes(body),
          ),
        );
      }
      return seen;
    };
    const repliesToClerk = async () =>
      (await admin.get(`/api/v1/admin/outbox?ticket=${number}`)).items.filter(
        (m: { kind: string }) => m.kind === 'ticket.reply',
      );

    for (const envelopeFrom of ['attacker@attacker.example', 'it-al@musterstadt.example']) {
      const subject = `Re: [#${number}] Bildschirm (${envelopeFrom})`;
      const body = `Bitte senden Sie uns Ihr Passwort. ${envelopeFrom}`;
      await smtpSend(server.smtpPort as number, {
        from: 'Karl Kirsch <it-al@musterstadt.example>',
        to: 'it-support@amtsdesk.example',
        envelope: { from: envelopeFrom, to: ['it-support@amtsdesk.example'] },
        subject,
        text: body,
      });
      const entry = await logged(subject);
      expect(entry.senderVerified).toBe(false);
      expect(await agentArticles(body)).toEqual([]);
    }
    expect(await repliesToClerk()).toEqual([]);

    // the same reply with the relay's verdict: IT's answer as today
    const subject = `Re: [#${number}] Bildschirm (verifiziert)`;
    await smtpSend(server.smtpPort as number, {
      from: 'Karl Kirsch <it-al@musterstadt.example>',
      to: 'it-support@amtsdesk.example',
      subject,
      text: 'Der Monitor wird morgen getauscht.',
      headers: {
        'Authentication-Results':
          'relay.musterstadt.example; spf=pass smtp.mailfrom=it-al@musterstadt.example; dmarc=pass header.from=musterstadt.example',
      },
    });
    expect(await logged(subject)).toMatchObject({ outcome: 'articleAdded', senderVerified: true });
    expect(await agentArticles('Der Monitor wird morgen getauscht.')).toHaveLength(2);
    const reply = await until('IT’s answer at the clerk', async () =>
      sink.received.find((m) => m.parsed.text?.includes('Der Monitor wird morgen getauscht.')),
    );
    expect(reply.envelopeTo).toEqual(['sb32@musterstadt.example']);
    expect(sink.received.some((m) => m.parsed.text?.includes('Passwort'))).toBe(false);
  }, 90_000);
});
