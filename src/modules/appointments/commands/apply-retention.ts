import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { recordAudit } from '../../audit/audit-log';
import { loadSettings } from '../availability';

/**
 * Data protection: the personal data of appointments that ended more than `retention_days` ago
 * is removed (name, e-mail, phone, tokens, video room). What the statistics need stays: office,
 * clerk, concerns, mode, times and status — none of it names the citizen. The documents the citizen
 * uploaded (0010) are deleted in the same transaction, and so are the ranges vacated by citizens'
 * moves (0013) once no block can cover them any more (older than a day).
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
    // ranges vacated by a citizen's move block for at most a day (cancelled_slot_block_minutes ≤ 1440)
    const released = await trx
      .deleteFrom('appointment_released_ranges')
      .where('released_at', '<', new Date(now.getTime() - 86_400_000))
      .executeTakeFirst();
    const ids = rows.map((r) => r.id);
    const documents =
      ids.length === 0
        ? []
        : await trx
            .deleteFrom('appointment_documents')
            .where('appointment_id', '=', sql<number>`any(${ids}::bigint[])`)
            .returning('id')
            .execute();
    const releasedDeleted = Number(released.numDeletedRows);
    if (rows.length > 0 || releasedDeleted > 0)
      await recordAudit(trx, null, 'appointments.retention', 'appointment', null, null, {
        anonymised: rows.length,
        documentsDeleted: documents.length,
        releasedRangesDeleted: releasedDeleted,
        cutoff: cutoff.toISOString(),
      });
    return rows.length;
  });
}
