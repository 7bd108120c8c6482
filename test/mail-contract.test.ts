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
});
