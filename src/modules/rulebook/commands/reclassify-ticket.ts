import type { AppContext } from '../../../context';
import type { ProcessType } from '../../../db/schema';
import { AppError } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { findVisibleTicket } from '../../tickets/repository';

/** IT corrects the Wegweiser's process type, with a reason kept in the history and the audit log. */
export async function reclassifyTicket(
  ctx: AppContext,
  actor: Actor,
  number: string,
  input: { processType: ProcessType; reason: string },
): Promise<void> {
  const ticket = await findVisibleTicket(ctx.db, actor, number);
  if (!actor.isAgent) throw new AppError(403, 'itOnly');
  if (ticket.process_type === input.processType) return;
  const now = new Date();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('tickets')
      .set((eb) => ({ process_type: input.processType, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', ticket.id)
      .execute();
    await trx
      .insertInto('ticket_classifications')
      .values({
        ticket_id: ticket.id,
        kind: 'reclassification',
        outcome: input.processType,
        reason: input.reason,
        actor_id: actor.id,
      })
      .execute();
    await trx
      .insertInto('ticket_history')
      .values({
        ticket_id: ticket.id,
        actor_id: actor.id,
        field: 'processType',
        old_value: ticket.process_type,
        new_value: input.processType,
        created_at: now,
      })
      .execute();
    await recordAudit(
      trx,
      actor,
      'rulebook.reclassify',
      'ticket',
      ticket.number,
      { processType: ticket.process_type },
      { processType: input.processType, reason: input.reason },
    );
  });
}
