import type { Kysely } from 'kysely';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { DB } from '../../src/db/schema';

let counter = 0;

/** An intake address of its own for one test (addresses are global, tests must not share them). */
export async function buildIntake(
  db: Kysely<DB>,
  overrides: {
    topicId?: number | null;
    unknownSenders?: 'createContact' | 'refuse';
    reopenDays?: number;
  } = {},
) {
  const address = `intake-${process.pid}-${Date.now().toString(36)}-${++counter}@amtsdesk.example`;
  const row = await db
    .insertInto('mail_intake_addresses')
    .values({
      address,
      topic_id: overrides.topicId ?? null,
      unknown_senders: overrides.unknownSenders ?? 'createContact',
      reopen_days: overrides.reopenDays ?? 14,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, address };
}

/** Real SMTP to a receiver on loopback; resolves with the server's answer or rejects with its error. */
export async function smtpSend(
  port: number,
  mail: SendMailOptions | { raw: string | Buffer; envelope: { from: string; to: string[] } },
) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail(mail as SendMailOptions);
  } finally {
    transport.close();
  }
}

/** The stored inbound message ids for Message-IDs (in the order given). */
export async function inboundIds(db: Kysely<DB>, messageIds: string[]) {
  const rows = await db
    .selectFrom('inbound_mail')
    .select(['id', 'message_id'])
    .where('message_id', 'in', messageIds)
    .execute();
  return messageIds.map((m) => rows.find((r) => r.message_id === m)?.id).filter((id): id is number => !!id);
}
