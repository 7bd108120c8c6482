import type { AppContext } from '../../../context';
import { recordAudit } from '../../audit/audit-log';

/**
 * Marks open tickets whose resolution due time has passed and writes one system entry each.
 * The conditional update (overdue_flagged_at IS NULL) makes a second run — or a second instance — a no-op.
 */
export async function flagOverdueTickets(ctx: AppContext, now = new Date(), batch = 500): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const flagged = await trx
      .updateTable('tickets')
      .set({ overdue_flagged_at: now })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('tickets')
          .select('id')
          .where('state_type', 'not in', ['closed', 'merged'])
          .where('resolution_due_at', '<', now)
          .where('overdue_flagged_at', 'is', null)
          .limit(batch)
          .forUpdate()
          .skipLocked(),
      )
      .where('overdue_flagged_at', 'is', null)
      .returning(['id', 'number'])
      .execute();
    if (!flagged.length) return 0;
    await trx
      .insertInto('articles')
      .values(
        flagged.map((t) => ({
          ticket_id: t.id,
          kind: 'system' as const,
          internal: true,
          sender: 'system' as const,
          author_id: null,
          body: 'Die Servicezeit für die Lösung ist überschritten. / The resolution service target has been exceeded.',
          created_at: now,
        })),
      )
      .execute();
    await recordAudit(trx, null, 'ticket.overdue', 'ticket', null, null, {
      numbers: flagged.map((t) => t.number),
    });
    return flagged.length;
  });
}
