import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import type { Priority } from '../../../db/schema';
import { AppError, forbidden } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { afterTicketUpdated } from '../../mail/ticket-mail';
import { worksTicket } from '../policy';
import { firstState, referenceData, topicByKey } from '../reference-data';
import { addHistory, findVisibleTicket } from '../repository';
import { computeDueTimes, findServiceTarget } from '../service-targets';
import { canTransition } from '../state-machine';

export interface UpdateTicketInput {
  version: number;
  state?: string;
  assigneeId?: number | null;
  priority?: Priority;
  topic?: string;
}

/**
 * IT changes state, assignee, priority or topic. Optimistic concurrency on `version`; every
 * change gets a history row and one audit row, all in one transaction.
 */
export async function updateTicket(ctx: AppContext, actor: Actor, number: string, input: UpdateTicketInput) {
  // before the transaction: on PGlite's single connection a read outside `trx` would wait forever
  const ref = await referenceData(ctx.db, { topic: input.topic, state: input.state });
  await ctx.db.transaction().execute(async (trx) => {
    const ticket = await findVisibleTicket(trx, actor, number);
    if (!worksTicket(actor, ticket)) throw forbidden();
    const locked = await trx
      .selectFrom('tickets')
      .select('version')
      .where('id', '=', ticket.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (locked.version !== input.version)
      throw new AppError(409, 'versionConflict', { current: locked.version });
    if (ticket.state_type === 'merged') throw new AppError(422, 'ticketMerged');

    const now = new Date();
    const set: Record<string, unknown> = {};
    const changes: { field: string; oldValue: string | null; newValue: string | null }[] = [];
    let groupId = ticket.group_id;

    if (input.topic !== undefined && input.topic !== ticket.topic_key) {
      const topic = topicByKey(ref, input.topic);
      set.topic_id = topic.id;
      set.group_id = topic.group_id;
      groupId = topic.group_id;
      changes.push({ field: 'topic', oldValue: ticket.topic_key, newValue: topic.key });
      if (topic.group_id !== ticket.group_id)
        changes.push({ field: 'group', oldValue: String(ticket.group_id), newValue: String(topic.group_id) });
    }
    if (input.priority !== undefined && input.priority !== ticket.priority) {
      set.priority = input.priority;
      changes.push({ field: 'priority', oldValue: ticket.priority, newValue: input.priority });
    }
    if (set.priority !== undefined || set.topic_id !== undefined) {
      const target = findServiceTarget(
        ref,
        (set.priority as Priority) ?? ticket.priority,
        (set.topic_id as number) ?? ticket.topic_id,
      );
      const due = computeDueTimes(ticket.created_at, target, ctx.calendar);
      set.first_response_due_at = due.firstResponseDueAt;
      set.resolution_due_at = due.resolutionDueAt;
      set.overdue_flagged_at = null;
    }

    let assigneeId = ticket.assignee_id;
    if (input.assigneeId !== undefined && input.assigneeId !== ticket.assignee_id)
      assigneeId = input.assigneeId;
    if (assigneeId !== null && groupId !== ticket.group_id && input.assigneeId === undefined)
      assigneeId = null; // moved to another group
    if (assigneeId !== ticket.assignee_id) {
      if (assigneeId !== null) {
        const member = await trx
          .selectFrom('group_members')
          .innerJoin('persons', 'persons.id', 'group_members.person_id')
          .select('person_id')
          .where('group_id', '=', groupId ?? -1)
          .where('person_id', '=', assigneeId)
          .where('persons.active', '=', true)
          .executeTakeFirst();
        if (!member)
          throw new AppError(422, 'assigneeNotInGroup', {}, [
            { field: 'body.assigneeId', message: 'not a member of the group' },
          ]);
      }
      set.assignee_id = assigneeId;
      changes.push({
        field: 'assignee',
        oldValue: ticket.assignee_id?.toString() ?? null,
        newValue: assigneeId?.toString() ?? null,
      });
    }

    let target = input.state !== undefined ? ref.states.find((s) => s.key === input.state) : undefined;
    if (input.state !== undefined && !target) {
      throw new AppError(422, 'unknownState', { state: input.state }, [
        { field: 'body.state', message: 'unknown state' },
      ]);
    }
    // assigning a new ticket starts work on it (new → first open state), unless a state was given
    if (!target && ticket.state_type === 'new' && set.assignee_id) target = firstState(ref, 'open');
    if (target && target.key !== ticket.state_key) {
      if (
        !canTransition(
          { key: ticket.state_key, type: ticket.state_type },
          { key: target.key, type: target.state_type },
        )
      ) {
        throw new AppError(422, 'transitionNotAllowed', { from: ticket.state_key, to: target.key }, [
          { field: 'body.state', message: `transition ${ticket.state_key} → ${target.key} not allowed` },
        ]);
      }
      set.state_id = target.id;
      set.state_type = target.state_type;
      if (target.state_type === 'closed' && ticket.state_type !== 'closed') set.resolved_at = now;
      if (target.state_type !== 'closed') set.resolved_at = null;
      changes.push({ field: 'state', oldValue: ticket.state_key, newValue: target.key });
    } else if (input.state !== undefined && target?.key === ticket.state_key && changes.length === 0) {
      throw new AppError(422, 'transitionNotAllowed', { from: ticket.state_key, to: target.key });
    }

    if (changes.length === 0) return;
    await trx
      .updateTable('tickets')
      .set({ ...set, updated_at: now, version: sql`version + 1` })
      .where('id', '=', ticket.id)
      .execute();
    await addHistory(trx, ticket.id, actor.id, changes);
    await afterTicketUpdated(trx, ctx, ticket, changes);
    await recordAudit(
      trx,
      actor,
      'ticket.update',
      'ticket',
      ticket.number,
      Object.fromEntries(changes.map((c) => [c.field, c.oldValue])),
      Object.fromEntries(changes.map((c) => [c.field, c.newValue])),
    );
  });
}
