import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { InboundMailState } from './tables';

export interface MailLogFilters {
  q?: string;
  state?: InboundMailState;
  limit: number;
  before?: number;
}

/** The administrators' log of inbound mail, newest first, with the count per state. */
export async function listMailLog(db: Kysely<DB>, f: MailLogFilters) {
  let query = db
    .selectFrom('inbound_mail as m')
    .leftJoin('tickets as t', 't.id', 'm.ticket_id')
    .select([
      'm.id',
      'm.received_at',
      'm.channel',
      'm.from_address',
      'm.envelope_to',
      'm.subject',
      'm.message_id',
      'm.size_bytes',
      'm.state',
      'm.outcome',
      'm.attempts',
      'm.error',
      'm.notes',
      'm.processed_at',
      'm.sender_verified',
      'm.sender_verification',
      't.number as ticket_number',
    ])
    .orderBy('m.id', 'desc')
    .limit(f.limit + 1);
  if (f.state) query = query.where('m.state', '=', f.state);
  if (f.before) query = query.where('m.id', '<', f.before);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('m.subject', 'ilike', like),
        eb('m.from_address', 'ilike', like),
        eb('m.message_id', 'ilike', like),
        eb('t.number', '=', f.q as string),
      ]),
    );
  }
  const [rows, counts] = await Promise.all([
    query.execute(),
    db
      .selectFrom('inbound_mail')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('state')
      .execute(),
  ]);
  const byState = { received: 0, processing: 0, processed: 0, failed: 0, ignored: 0 };
  for (const c of counts) byState[c.state] = Number(c.n);
  return { rows: rows.slice(0, f.limit), more: rows.length > f.limit, counts: byState };
}

/** Puts a failed or ignored message back in line; the worker processes it again. */
export async function reprocessInboundMail(db: Kysely<DB>, id: number): Promise<boolean> {
  const done = await db
    .updateTable('inbound_mail')
    .set({
      state: 'received',
      attempts: 0,
      error: null,
      outcome: null,
      processed_at: null,
      // an ignored message may name the ticket it was refused for; the verdict is taken anew
      ticket_id: null,
      notes: '',
      sender_verified: null,
      sender_verification: null,
    })
    .where('id', '=', id)
    .where('state', 'in', ['failed', 'ignored'])
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}
