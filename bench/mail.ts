// `npm run bench -- mail [--messages N] [--engine postgres|pglite]`: SMTP intake throughput.
// 8 concurrent senders (one SMTP connection each, like a relay) deliver N messages to the built-in
// receiver of a whole server on a throwaway PostgreSQL; 80 % are new requests, 20 % replies to an
// existing ticket. Measured: messages/s answered 250, and messages/s until the last one is
// committed as a ticket or article. Result in bench/results/<date>-<engine>-mail.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';
import { loadConfig } from '../src/config';
import { startServer } from '../src/server';
import { machineInfo } from './lib/machine';

const SENDERS = 8;
const log = (line: string) => console.log(`[bench mail ${new Date().toISOString().slice(11, 19)}] ${line}`);

export async function runMailBench(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      messages: { type: 'string', default: '3000' },
      engine: { type: 'string', default: 'postgres' },
    },
  });
  const total = Number(values.messages);
  const engine = values.engine === 'pglite' ? 'pglite' : 'postgres';
  let pgServer: { url: string; stop(): void; createDatabase?(name: string): string } | null = null;
  let databaseUrl: string | null = null;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsdesk-bench-mail-'));
  if (engine === 'postgres') {
    const file = pathToFileURL(path.resolve(import.meta.dirname, '../scripts/pg-throwaway.mjs')).href;
    const mod = await import(file);
    pgServer = await mod.startThrowawayPostgres({ settings: { shared_buffers: '256MB' } });
    databaseUrl = pgServer?.url ?? null;
    log(`throwaway PostgreSQL at ${databaseUrl}`);
  }
  const server = await startServer(
    loadConfig({
      port: 0,
      smtpPort: 0,
      host: '127.0.0.1',
      databaseUrl,
      dataDir,
      smtpUrl: null,
      mailSenderLimitPerHour: 0,
      smtpRatePerMinute: 0,
      mailPollMs: 100,
      logLevel: 'warn',
    }),
  );
  try {
    const db = server.ctx.db;
    const port = server.smtpPort as number;
    const senders = ['sb50', 'sb50b', 'sb32', 'koord50', 'budget50', 'digi'];
    const existing = await db.selectFrom('tickets').select('number').orderBy('id').limit(20).execute();
    const run = Date.now().toString(36);
    const mail = (i: number) => {
      const from = `${senders[i % senders.length]}@musterstadt.example`;
      const reply = i % 5 === 4 && existing.length > 0;
      return {
        from,
        to: 'it-support@amtsdesk.example',
        subject: reply
          ? `AW: [#${existing[i % existing.length].number}] Rückfrage ${run} ${i}`
          : `Anfrage ${run} ${i}: Drucker im Raum ${100 + (i % 300)} meldet Fehler`,
        text: `Guten Tag,\n\nNachricht ${i} des Benchmarks. Der Drucker zeigt "Papierstau" an.\n\nViele Grüße`,
        messageId: `<bench.${run}.${i}@client.example>`,
      };
    };
    const processed = async () => {
      const { n } = await db
        .selectFrom('inbound_mail')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('message_id', 'like', `<bench.${run}.%`)
        .where('state', 'in', ['processed', 'failed', 'ignored'])
        .executeTakeFirstOrThrow();
      return Number(n);
    };
    const send = async (from: number, to: number) => {
      let next = from;
      const worker = async () => {
        const transport = nodemailer.createTransport({
          host: '127.0.0.1',
          port,
          pool: true,
          maxConnections: 1,
          maxMessages: Infinity,
        });
        while (next < to) await transport.sendMail(mail(next++));
        transport.close();
      };
      await Promise.all(Array.from({ length: SENDERS }, worker));
    };
    log(`warm-up: 100 messages`);
    await send(0, 100);
    while ((await processed()) < 100) await new Promise((r) => setTimeout(r, 50));
    log(`measuring: ${total} messages from ${SENDERS} concurrent SMTP senders`);
    const started = performance.now();
    await send(100, 100 + total);
    const acceptedMs = performance.now() - started;
    while ((await processed()) < 100 + total) await new Promise((r) => setTimeout(r, 200));
    const committedMs = performance.now() - started;
    const outcomes = await db
      .selectFrom('inbound_mail')
      .select(['outcome', (eb) => eb.fn.countAll<number>().as('n')])
      .where('message_id', 'like', `<bench.${run}.%`)
      .groupBy('outcome')
      .execute();
    const result = {
      scenario: 'mail-intake-smtp',
      engine,
      at: new Date().toISOString(),
      machine: machineInfo(),
      loadAverage: os.loadavg(),
      senders: SENDERS,
      messages: total,
      acceptedPerSecond: Math.round((total / acceptedMs) * 1000),
      committedPerSecond: Math.round((total / committedMs) * 1000),
      acceptedSeconds: Math.round(acceptedMs) / 1000,
      committedSeconds: Math.round(committedMs) / 1000,
      target: '≥ 100 messages/s committed (PostgreSQL)',
      outcomes: Object.fromEntries(outcomes.map((o) => [o.outcome, Number(o.n)])),
      note: 'shared 2-core machine; other engineers were running tests at the same time',
    };
    const file = path.resolve(import.meta.dirname, `results/${result.at.slice(0, 10)}-${engine}-mail.json`);
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log(
      `250 answered: ${result.acceptedPerSecond}/s, committed as tickets/articles: ${result.committedPerSecond}/s`,
    );
    log(
      `outcomes ${JSON.stringify(result.outcomes)}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    log(`written ${path.relative(process.cwd(), file)}`);
  } finally {
    await server.stop();
    pgServer?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
