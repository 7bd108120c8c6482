import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { sha256 } from '../../shared/tokens';

export interface RawMailInput {
  channel: 'smtp' | 'imap';
  raw: Buffer;
  envelopeFrom?: string | null;
  envelopeTo?: string[];
  remoteAddress?: string | null;
  /** SMTP: the user that authenticated the delivery */
  smtpAuthUser?: string | null;
  intakeAddressId?: number | null;
}

/** The header block (up to the first empty line), unfolded; enough to identify a message cheaply. */
export function quickHeaders(raw: Buffer): Map<string, string> {
  const head = raw.subarray(0, Math.min(raw.length, 512 * 1024)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim()); // the first of duplicates wins
  }
  return headers;
}

export function messageIdOf(headers: Map<string, string>): string | null {
  const value = headers.get('message-id');
  if (!value) return null;
  const match = /<[^<>\s]{1,900}>/.exec(value);
  if (match) return match[0];
  const bare = value.trim();
  return bare && bare.length <= 900 && !/\s/.test(bare) ? `<${bare}>` : null;
}

export function senderOf(headers: Map<string, string>, envelopeFrom?: string | null): string | null {
  const from = headers.get('from') ?? '';
  const match = /<([^<>\s]+@[^<>\s]+)>/.exec(from) ?? /([^\s<>"',;:]+@[^\s<>"',;:]+)/.exec(from);
  const address = match?.[1] ?? envelopeFrom ?? null;
  return address ? address.toLowerCase().slice(0, 320) : null;
}

/**
 * Commits the raw message exactly once: a message already stored (same Message-ID, or the same
 * bytes without one) is not stored again. Only after this resolves may the sender be told "250".
 */
export async function storeInboundMail(
  db: Kysely<DB>,
  input: RawMailInput,
): Promise<{ id: number | null; duplicate: boolean }> {
  const headers = quickHeaders(input.raw);
  const row = await db
    .insertInto('inbound_mail')
    .values({
      channel: input.channel,
      raw: input.raw,
      size_bytes: input.raw.length,
      content_sha256: sha256(input.raw),
      message_id: messageIdOf(headers),
      envelope_from: input.envelopeFrom || null,
      envelope_to: input.envelopeTo ?? [],
      remote_address: input.remoteAddress ?? null,
      smtp_auth_user: input.smtpAuthUser ?? null,
      intake_address_id: input.intakeAddressId ?? null,
      from_address: senderOf(headers, input.envelopeFrom),
      subject: (headers.get('subject') ?? '').slice(0, 998) || null,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? { id: row.id, duplicate: false } : { id: null, duplicate: true };
}

/** Is the address (or its `local+tag` form) an active intake address? */
export function intakeKey(address: string): string {
  const lower = address.trim().toLowerCase();
  return lower.replace(/^([^@+]+)\+[^@]*@/, '$1@');
}

const cache = new WeakMap<object, { at: number; rows: Promise<Map<string, IntakeAddress>> }>();

export interface IntakeAddress {
  id: number;
  address: string;
  topicKey: string | null;
  unknownSenders: 'createContact' | 'refuse';
  reopenDays: number;
}

/** Intake addresses, cached for 5 s per database (every RCPT TO asks). */
export async function intakeAddresses(db: Kysely<DB>, fresh = false): Promise<Map<string, IntakeAddress>> {
  const hit = cache.get(db);
  if (hit && !fresh && Date.now() - hit.at < 5000) return hit.rows;
  const rows = db
    .selectFrom('mail_intake_addresses as m')
    .leftJoin('topics as t', 't.id', 'm.topic_id')
    .select(['m.id', 'm.address', 't.key as topic_key', 'm.unknown_senders', 'm.reopen_days'])
    .where('m.active', '=', true)
    .execute()
    .then(
      (list) =>
        new Map(
          list.map((r) => [
            r.address,
            {
              id: r.id,
              address: r.address,
              topicKey: r.topic_key,
              unknownSenders: r.unknown_senders,
              reopenDays: r.reopen_days,
            },
          ]),
        ),
    );
  cache.set(db, { at: Date.now(), rows });
  rows.catch(() => cache.delete(db));
  return rows;
}

export async function findIntake(db: Kysely<DB>, address: string): Promise<IntakeAddress | null> {
  const key = intakeKey(address);
  return (await intakeAddresses(db)).get(key) ?? (await intakeAddresses(db, true)).get(key) ?? null;
}

export const clearIntakeCache = (db: Kysely<DB>) => cache.delete(db);
