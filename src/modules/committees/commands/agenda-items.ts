import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { AppError, forbidden, notFound } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { canManageCommittee } from '../policy';
import { findCommittee } from '../queries';
import { lockEditableMeeting, nextPosition } from './guards';

export interface UpdateAgendaItemInput {
  version: number;
  position?: number;
  summary?: string;
  action?: 'defer' | 'remove';
  reason?: string;
}

async function committeeOfMeeting(ctx: AppContext, actor: Actor, meetingId: number) {
  const m = await ctx.db
    .selectFrom('meetings')
    .select('committee_id')
    .where('id', '=', meetingId)
    .executeTakeFirst();
  if (!m) throw notFound();
  const committee = await findCommittee(ctx.db, actor, m.committee_id);
  if (!canManageCommittee(actor, committee)) throw forbidden();
  return committee;
}

/** A manual item on a meeting's agenda (chair, secretary). */
export async function addAgendaItem(
  ctx: AppContext,
  actor: Actor,
  meetingId: number,
  input: { title: string; reason: string; ticketNumber?: string },
): Promise<number> {
  await committeeOfMeeting(ctx, actor, meetingId);
  return ctx.db.transaction().execute(async (trx) => {
    await lockEditableMeeting(trx, meetingId);
    const ticket = input.ticketNumber
      ? await ticketByNumber(trx, input.ticketNumber, 'body.ticketNumber')
      : null;
    const row = await trx
      .insertInto('agenda_items')
      .values({
        meeting_id: meetingId,
        position: await nextPosition(trx, meetingId),
        source: 'manual',
        ticket_id: ticket?.id ?? null,
        title: input.title,
        reason: input.reason,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, 'committee.agenda.add', 'agendaItem', row.id, null, {
      meetingId,
      ...input,
    });
    return row.id;
  });
}

export async function ticketByNumber(
  trx: Parameters<typeof lockEditableMeeting>[0],
  number: string,
  field: string,
): Promise<{ id: number }> {
  const t = await trx.selectFrom('tickets').select('id').where('number', '=', number).executeTakeFirst();
  if (!t) throw new AppError(422, 'ticketNotFound', { number }, [{ field, message: 'unknown ticket' }]);
  return t;
}

/**
 * The chair orders (position), the secretary writes the summary, items are deferred to the next
 * meeting or removed with a reason. Optimistic concurrency on the item's version: two secretaries
 * saving the same item cannot overwrite each other (409, reload and merge).
 */
export async function updateAgendaItem(
  ctx: AppContext,
  actor: Actor,
  itemId: number,
  input: UpdateAgendaItemInput,
): Promise<number> {
  const found = await ctx.db
    .selectFrom('agenda_items')
    .select(['meeting_id'])
    .where('id', '=', itemId)
    .executeTakeFirst();
  if (!found) throw notFound();
  await committeeOfMeeting(ctx, actor, found.meeting_id);
  return ctx.db.transaction().execute(async (trx) => {
    const meeting = await lockEditableMeeting(trx, found.meeting_id);
    const item = await trx
      .selectFrom('agenda_items')
      .selectAll()
      .where('id', '=', itemId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (item.version !== input.version)
      throw new AppError(409, 'agendaItemVersionConflict', { current: item.version });
    if (item.state !== 'open' && (input.action || input.position !== undefined))
      throw new AppError(422, 'agendaItemClosed');
    const set: Record<string, unknown> = {};
    let targetMeetingId: number | null = null;
    if (input.summary !== undefined) set.summary = input.summary;
    if (input.action === 'remove') {
      set.state = 'removed';
      set.removed_reason = input.reason;
    }
    if (input.action === 'defer') {
      const next = await trx
        .selectFrom('meetings')
        .select('id')
        .where('committee_id', '=', meeting.committee_id)
        .where('starts_at', '>', meeting.starts_at)
        .where('state', '<>', 'cancelled')
        .where('minutes_state', '=', 'draft')
        .orderBy('starts_at')
        .limit(1)
        .executeTakeFirst();
      if (!next) throw new AppError(422, 'noNextMeeting');
      targetMeetingId = next.id;
      set.state = 'deferred';
      set.removed_reason = input.reason ?? null;
      await trx
        .insertInto('agenda_items')
        .values({
          meeting_id: next.id,
          position: await nextPosition(trx, next.id),
          source: 'deferred',
          // the proposal stays with the item where it was first placed (its unique slot), the task moves
          task_id: item.task_id,
          ticket_id: item.ticket_id,
          deferred_from_id: item.id,
          title: item.title,
          reason: item.reason,
        })
        .onConflict((oc) =>
          oc.columns(['meeting_id', 'task_id']).where('task_id', 'is not', null).doNothing(),
        )
        .execute();
    }
    if (input.position !== undefined && input.position !== item.position) {
      // renumber the open items 1..n with this one at the wanted place
      const open = await trx
        .selectFrom('agenda_items')
        .select(['id'])
        .where('meeting_id', '=', item.meeting_id)
        .where('state', '=', 'open')
        .where('id', '<>', item.id)
        .orderBy('position')
        .orderBy('id')
        .execute();
      const order = open.map((o) => o.id);
      order.splice(Math.min(input.position - 1, order.length), 0, item.id);
      for (const [i, id] of order.entries()) {
        if (id === item.id) continue;
        await trx
          .updateTable('agenda_items')
          .set({ position: i + 1 })
          .where('id', '=', id)
          .execute();
      }
      set.position = order.indexOf(item.id) + 1;
    }
    await trx
      .updateTable('agenda_items')
      .set({ ...set, version: sql`version + 1` })
      .where('id', '=', item.id)
      .execute();
    await recordAudit(
      trx,
      actor,
      `committee.agenda.${input.action ?? 'update'}`,
      'agendaItem',
      item.id,
      { position: item.position, state: item.state, summaryLength: item.summary.length },
      { ...input, summary: undefined, summaryLength: input.summary?.length, movedTo: targetMeetingId },
    );
    return item.meeting_id;
  });
}
