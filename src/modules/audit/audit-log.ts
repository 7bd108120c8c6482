import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { sha256 } from '../../shared/tokens';

export interface AuditActor {
  id: number;
  login: string;
}

/** Append one audit row inside the caller's transaction. No lock: sealing happens later, see sealAuditLog. */
export async function recordAudit(
  trx: Transaction<DB> | Kysely<DB>,
  actor: AuditActor | null,
  action: string,
  entityType: string,
  entityId: string | number | null,
  before: unknown,
  after: unknown,
): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values(auditRow(actor, action, entityType, entityId, before, after))
    .execute();
}

/**
 * The columns of one audit row, for a command that writes it as part of a larger statement (ticket
 * creation: INSERT … WITH). tx_id and occurred_at come from their column defaults either way, so
 * the sealer treats such a row like any other.
 */
export function auditRow(
  actor: AuditActor | null,
  action: string,
  entityType: string,
  entityId: string | number | null,
  before: unknown,
  after: unknown,
) {
  return {
    actor_id: actor?.id ?? null,
    actor_login: actor?.login ?? null,
    action,
    entity_type: entityType,
    entity_id: entityId === null ? null : String(entityId),
    before: before === null || before === undefined ? null : JSON.stringify(before),
    after: after === null || after === undefined ? null : JSON.stringify(after),
  };
}

/** JSON with sorted keys, so a hash does not depend on the key order a driver returns. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

interface AuditRow {
  id: number;
  occurred_at: Date;
  actor_id: number | null;
  actor_login: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
}

export function auditHash(seq: number, prevHash: string, row: AuditRow): string {
  return sha256(
    canonicalJson({
      seq,
      prevHash,
      id: row.id,
      occurredAt: row.occurred_at,
      actorId: row.actor_id,
      actorLogin: row.actor_login,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      before: row.before,
      after: row.after,
    }),
  );
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Chain every row whose transaction has certainly ended: rows with tx_id below the xmin of the current
 * snapshot can no longer be joined by rows of a still running transaction, so sealing them in
 * (tx_id, id) order gives a chain that never needs a gap filled later. One sealer at a time (advisory lock).
 */
export async function sealAuditLog(db: Kysely<DB>, batchSize = 5000): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { rows: lock } = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(774411) AS ok`.execute(
      trx,
    );
    if (!lock[0]?.ok) return 0;
    const { rows } = await sql<AuditRow & { tx_id: string }>`
      SELECT id, tx_id, occurred_at, actor_id, actor_login, action, entity_type, entity_id, before, after
      FROM audit_log
      WHERE seq IS NULL AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY tx_id, id
      LIMIT ${batchSize}`.execute(trx);
    if (rows.length === 0) return 0;
    const last = await trx
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .where('seq', 'is not', null)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    for (const row of rows) {
      seq += 1;
      const hash = auditHash(seq, prevHash, row);
      await trx
        .updateTable('audit_log')
        .set({ seq, prev_hash: prevHash, hash })
        .where('id', '=', row.id)
        .execute();
      prevHash = hash;
    }
    return rows.length;
  });
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  unsealed: number;
  firstBrokenSeq: number | null;
  reason: string | null;
}

/** Recompute the whole chain. Any edited, deleted or re-ordered sealed row breaks it. */
export async function verifyAuditLog(db: Kysely<DB>): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .select([
        'id',
        'seq',
        'prev_hash',
        'hash',
        'occurred_at',
        'actor_id',
        'actor_login',
        'action',
        'entity_type',
        'entity_id',
        'before',
        'after',
      ])
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(5000)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const fail = (reason: string): VerifyResult => ({
        ok: false,
        checked,
        unsealed: 0,
        firstBrokenSeq: row.seq,
        reason,
      });
      if (row.seq !== expectedSeq) return fail(`missing row with seq ${expectedSeq}`);
      if (row.prev_hash !== prevHash) return fail('prev_hash does not match the previous row');
      if (row.hash !== auditHash(expectedSeq, prevHash, row))
        return fail('row content does not match its hash');
      prevHash = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
  const unsealed = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('seq', 'is', null)
    .executeTakeFirstOrThrow();
  return { ok: true, checked, unsealed: Number(unsealed.n), firstBrokenSeq: null, reason: null };
}
