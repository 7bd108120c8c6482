import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { AppError, forbidden, notFound } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { canManageCommittee } from '../policy';
import { findCommittee } from '../queries';
import type { DecisionOutcome } from '../tables';
import { ticketByNumber } from './agenda-items';
import { frozenAs409, lockEditableMeeting } from './guards';

export interface RecordDecisionInput {
  text: string;
  outcome: DecisionOutcome;
  ticketNumber?: string;
  correctsId?: number;
}

async function managedItem(ctx: AppContext, actor: Actor, itemId: number) {
  const item = await ctx.db
    .selectFrom('agenda_items')
    .innerJoin('meetings', 'meetings.id', 'agenda_items.meeting_id')
    .select([
      'agenda_items.id',
      'agenda_items.meeting_id',
      'agenda_items.ticket_id',
      'meetings.committee_id',
      'meetings.minutes_state',
    ])
    .where('agenda_items.id', '=', itemId)
    .executeTakeFirst();
  if (!item) throw notFound();
  const committee = await findCommittee(ctx.db, actor, item.committee_id);
  // frozen comes first: whoever may see approved minutes learns why they cannot be changed
  if (item.minutes_state === 'approved') throw new AppError(409, 'minutesApproved');
  if (!canManageCommittee(actor, committee)) throw forbidden();
  return item;
}

/**
 * A decision (Beschluss) on an agenda item. Binding once the minutes are approved; a correction of
 * an approved decision is a new decision in a later meeting that references the old one.
 */
export async function recordDecision(
  ctx: AppContext,
  actor: Actor,
  itemId: number,
  input: RecordDecisionInput,
): Promise<number> {
  const item = await managedItem(ctx, actor, itemId);
  return frozenAs409(() =>
    ctx.db.transaction().execute(async (trx) => {
      await lockEditableMeeting(trx, item.meeting_id);
      const ticketId = input.ticketNumber
        ? (await ticketByNumber(trx, input.ticketNumber, 'body.ticketNumber')).id
        : item.ticket_id;
      if (input.correctsId !== undefined) {
        const old = await trx
          .selectFrom('decisions')
          .innerJoin('meetings', 'meetings.id', 'decisions.meeting_id')
          .select(['decisions.id', 'meetings.committee_id', 'meetings.minutes_state'])
          .where('decisions.id', '=', input.correctsId)
          .executeTakeFirst();
        if (!old || old.committee_id !== item.committee_id || old.minutes_state !== 'approved')
          throw new AppError(422, 'correctsUnknownDecision', {}, [
            { field: 'body.correctsId', message: 'not an approved decision of this committee' },
          ]);
      }
      const row = await trx
        .insertInto('decisions')
        .values({
          meeting_id: item.meeting_id,
          agenda_item_id: item.id,
          text: input.text,
          outcome: input.outcome,
          ticket_id: ticketId,
          corrects_id: input.correctsId ?? null,
          created_by_id: actor.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, 'committee.decision.record', 'decision', row.id, null, {
        ...input,
        itemId,
      });
      return row.id;
    }),
  );
}

/** Changes a decision of draft minutes; approved minutes answer 409 (and the database refuses too). */
export async function updateDecision(
  ctx: AppContext,
  actor: Actor,
  decisionId: number,
  input: { version?: number; text?: string; outcome?: DecisionOutcome },
): Promise<number> {
  const d = await ctx.db
    .selectFrom('decisions')
    .select(['agenda_item_id'])
    .where('id', '=', decisionId)
    .executeTakeFirst();
  if (!d) throw notFound();
  const item = await managedItem(ctx, actor, d.agenda_item_id);
  return frozenAs409(() =>
    ctx.db.transaction().execute(async (trx) => {
      await lockEditableMeeting(trx, item.meeting_id);
      const current = await trx
        .selectFrom('decisions')
        .selectAll()
        .where('id', '=', decisionId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (input.version === undefined)
        throw new AppError(400, 'validationFailed', { fields: 'body.version' }, [
          { field: 'body.version', message: 'required' },
        ]);
      if (current.version !== input.version)
        throw new AppError(409, 'decisionVersionConflict', { current: current.version });
      await trx
        .updateTable('decisions')
        .set({
          ...(input.text !== undefined ? { text: input.text } : {}),
          ...(input.outcome !== undefined ? { outcome: input.outcome } : {}),
          version: sql`version + 1`,
        })
        .where('id', '=', decisionId)
        .execute();
      await recordAudit(
        trx,
        actor,
        'committee.decision.update',
        'decision',
        decisionId,
        { text: current.text, outcome: current.outcome },
        { text: input.text, outcome: input.outcome },
      );
      return item.meeting_id;
    }),
  );
}

export async function deleteDecision(ctx: AppContext, actor: Actor, decisionId: number): Promise<void> {
  const d = await ctx.db
    .selectFrom('decisions')
    .select(['agenda_item_id'])
    .where('id', '=', decisionId)
    .executeTakeFirst();
  if (!d) throw notFound();
  const item = await managedItem(ctx, actor, d.agenda_item_id);
  await frozenAs409(() =>
    ctx.db.transaction().execute(async (trx) => {
      await lockEditableMeeting(trx, item.meeting_id);
      await trx.deleteFrom('decisions').where('id', '=', decisionId).execute();
      await recordAudit(trx, actor, 'committee.decision.delete', 'decision', decisionId, null, null);
    }),
  );
}
