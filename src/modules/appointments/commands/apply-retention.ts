import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { recordAudit } from '../../audit/audit-log';
import { loadSettings } from '../availability';

/**
 * Data protection: the personal data of appointments that ended more than `retention_days` ago
 * is removed (name, e-mail, phone, tokens, video room). What the statistics need stays: office,
 * clerk, concerns, mode, times and status — none of it names the citizen. The documents the citizen
 * uploaded (0010) are deleted in the same transaction.
 */
export async function applyRetention(ctx: AppContext, now = new Date()): Promise<number> {
  const settings = await loadSettings(ctx.db);
  const cutoff = new Date(now.getTime() - settings.retention_days * 86_400_000);
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('appointments')
      .set({
        citizen_name: '',
        citizen_email: null,
        citizen_phone: null,
        confirm_token_hash: null,
        cancel_token_hash: null,
        video_room: null,
        anonymised_at: now,
        status: sql`CASE WHEN status = 'held' THEN 'expired' ELSE status END`,
      })
      .where('anonymised_at', 'is', null)
      .where('ends_at', '<', cutoff)
      .returning('id')
      .execute();
    const ids = rows.map((r) => r.id);
    const documents =
      ids.length === 0
        ? []
        : await trx
            .deleteFrom('appointment_documents')
            .where('appointment_id', '=', sql<number>`any(${ids}::bigint[])`)
            .returning('id')
            .execute();
    if (rows.length > 0)
      await recordAudit(trx, null, 'appointments.retention', 'appointment', null, null, {
        anonymised: rows.length,
        documentsDeleted: documents.length,
        cutoff: cutoff.toISOString(),
      });
    return rows.length;
  });
}
