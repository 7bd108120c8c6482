import { sql, type Transaction } from 'kysely';
import type { AppContext } from '../../../context';
import type { DB, Priority, ProcessType } from '../../../db/schema';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { afterTicketCreated, type MailOrigin } from '../../mail/ticket-mail';
import { firstState, referenceData, topicByKey } from '../reference-data';
import { computeDueTimes, findServiceTarget } from '../service-targets';

export interface CreateTicketInput {
  title: string;
  description: string;
  topic?: string;
  priority: Priority;
  processType?: ProcessType;
  /** IT staff may file on behalf of someone else; default: the caller */
  requesterId?: number;
  createdAt?: Date;
  /** set by the mail intake for a ticket that came in by mail */
  mail?: MailOrigin;
  /** module-specific rows written in the ticket's transaction (pre-announcement, order, triage) */
  afterInsert?: (trx: Transaction<DB>, ticket: { id: number; number: string }) => Promise<void>;
}

// one formatter per process: building an Intl.DateTimeFormat costs ~0.25 ms, which showed per ticket
const berlinYearFormat = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', year: 'numeric' });
const berlinYear = (d: Date) => Number(berlinYearFormat.format(d));

/** New ticket: number, responsible group by topic, due times by service target — one transaction. */
export async function createTicket(ctx: AppContext, actor: Actor, input: CreateTicketInput): Promise<string> {
  const createdAt = input.createdAt ?? new Date();
  // before the transaction: on PGlite's single connection a read outside `trx` would wait forever
  const ref = await referenceData(ctx.db, { topic: input.topic });
  return ctx.db.transaction().execute(async (trx) => {
    const topic = input.topic ? topicByKey(ref, input.topic) : null;
    const groupId = topic?.group_id ?? ref.defaultGroupId;
    const requester =
      input.requesterId && input.requesterId !== actor.id
        ? await trx
            .selectFrom('persons')
            .select(['id', 'org_unit_id'])
            .where('id', '=', input.requesterId)
            .executeTakeFirstOrThrow()
        : { id: actor.id, org_unit_id: actor.orgUnitId };
    const state = firstState(ref, 'new');
    const target = findServiceTarget(ref, input.priority, topic?.id ?? null);
    const due = computeDueTimes(createdAt, target, ctx.calendar);
    const ticket = await trx
      .insertInto('tickets')
      .values({
        number: sql<string>`next_ticket_number(${berlinYear(createdAt)})`,
        title: input.title,
        description: input.description,
        process_type: input.processType ?? 'support',
        priority: input.priority,
        state_id: state.id,
        state_type: state.state_type,
        requester_id: requester.id,
        requester_org_unit_id: requester.org_unit_id,
        topic_id: topic?.id ?? null,
        group_id: groupId,
        created_by_id: actor.id,
        created_at: createdAt,
        updated_at: createdAt,
        first_response_due_at: due.firstResponseDueAt,
        resolution_due_at: due.resolutionDueAt,
        search_vector: sql`setweight(to_tsvector('german', ${input.title}), 'A') || setweight(to_tsvector('german', ${input.description}), 'B')`,
      })
      .returning(['id', 'number'])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('ticket_history')
      .values({
        ticket_id: ticket.id,
        actor_id: actor.id,
        field: 'created',
        old_value: null,
        new_value: ticket.number,
        created_at: createdAt,
      })
      .execute();
    await recordAudit(trx, actor, 'ticket.create', 'ticket', ticket.number, null, {
      title: input.title,
      topic: topic?.key ?? null,
      priority: input.priority,
      groupId,
      requesterId: requester.id,
    });
    await input.afterInsert?.(trx, ticket);
    await afterTicketCreated(trx, ctx, { ...ticket, title: input.title }, requester.id, input.mail);
    return ticket.number;
  });
}
