import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, Priority, StateType } from '../../db/schema';
import { AppError } from '../../http/errors';
import type { Actor } from '../auth/actor';
import { visibleTickets } from './policy';

type Db = Kysely<DB> | Transaction<DB>;

const OPEN_TYPES: StateType[] = ['new', 'open', 'pendingReminder', 'pendingAction'];

/** Tickets with the names a summary needs; every read goes through here with the caller's scope. */
export function ticketRows(db: Db) {
  return db
    .selectFrom('tickets')
    .innerJoin('ticket_states as st', 'st.id', 'tickets.state_id')
    .innerJoin('persons as rq', 'rq.id', 'tickets.requester_id')
    .leftJoin('topics as tp', 'tp.id', 'tickets.topic_id')
    .leftJoin('groups as gr', 'gr.id', 'tickets.group_id')
    .leftJoin('persons as asg', 'asg.id', 'tickets.assignee_id')
    .select([
      'tickets.id',
      'tickets.number',
      'tickets.title',
      'tickets.description',
      'tickets.process_type',
      'tickets.priority',
      'tickets.state_type',
      'tickets.requester_id',
      'tickets.requester_org_unit_id',
      'tickets.group_id',
      'tickets.assignee_id',
      'tickets.topic_id',
      'tickets.created_at',
      'tickets.updated_at',
      'tickets.first_response_due_at',
      'tickets.first_responded_at',
      'tickets.resolution_due_at',
      'tickets.resolved_at',
      'tickets.version',
      'st.key as state_key',
      'st.name_de as state_name_de',
      'st.name_en as state_name_en',
      'rq.name as requester_name',
      'tp.key as topic_key',
      'tp.name_de as topic_name_de',
      'tp.name_en as topic_name_en',
      'gr.name as group_name',
      'asg.name as assignee_name',
    ]);
}

export type TicketRow = Awaited<ReturnType<ReturnType<typeof ticketRows>['executeTakeFirstOrThrow']>>;

export async function findVisibleTicket(db: Db, actor: Actor, number: string): Promise<TicketRow> {
  const row = await ticketRows(db)
    .where('tickets.number', '=', number)
    .where(visibleTickets(actor))
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'ticketNotFound', { number });
  return row;
}

export interface ListFilters {
  q?: string;
  queue?: 'groups' | 'mine' | 'unassigned' | 'overdue';
  requester?: 'me';
  groupId?: number;
  assigneeId?: number;
  priority?: Priority;
  stateType?: StateType[];
  limit: number;
  cursor?: string;
}

type Cursor = [string, number];

function decodeCursor(cursor: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      Number.isInteger(value[1])
    ) {
      if (!Number.isNaN(Date.parse(value[0]))) return value as Cursor;
    }
  } catch {
    // fall through
  }
  throw new AppError(400, 'invalidCursor');
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
const TICKET_NUMBER = /^\d{4}-\d{1,12}$/;

/**
 * Queues (sorted by due time, oldest first) and the requester's list (latest update first) with
 * keyset pagination on (sort column, id); always restricted to what the caller may see.
 */
export async function listTickets(db: Db, actor: Actor, f: ListFilters) {
  const byDue = f.queue !== undefined;
  const sortColumn = byDue ? 'tickets.resolution_due_at' : 'tickets.updated_at';
  let query = ticketRows(db).where(visibleTickets(actor));

  if (f.requester === 'me') query = query.where('tickets.requester_id', '=', actor.id);
  if (f.groupId) query = query.where('tickets.group_id', '=', f.groupId);
  if (f.assigneeId) query = query.where('tickets.assignee_id', '=', f.assigneeId);
  if (f.priority) query = query.where('tickets.priority', '=', f.priority);
  if (f.stateType?.length) query = query.where('tickets.state_type', 'in', f.stateType);
  else if (f.queue) query = query.where('tickets.state_type', 'in', OPEN_TYPES);

  switch (f.queue) {
    case 'groups': {
      const groups = [...new Set([...actor.groupIds, ...actor.headedGroupIds])];
      if (!actor.isAdmin) query = query.where('tickets.group_id', 'in', groups.length ? groups : [-1]);
      break;
    }
    case 'mine':
      query = query.where('tickets.assignee_id', '=', actor.id);
      break;
    case 'unassigned':
      query = query.where('tickets.assignee_id', 'is', null);
      break;
    case 'overdue':
      query = query.where('tickets.resolution_due_at', '<', new Date());
      break;
  }

  if (f.q) {
    if (TICKET_NUMBER.test(f.q)) query = query.where('tickets.number', '=', f.q);
    else query = query.where(sql<boolean>`tickets.search_vector @@ websearch_to_tsquery('german', ${f.q})`);
  }

  if (f.cursor) {
    const [value, id] = decodeCursor(f.cursor);
    const at = new Date(value);
    query = byDue
      ? query.where((eb) =>
          eb.or([eb(sortColumn, '>', at), eb.and([eb(sortColumn, '=', at), eb('tickets.id', '>', id)])]),
        )
      : query.where((eb) =>
          eb.or([eb(sortColumn, '<', at), eb.and([eb(sortColumn, '=', at), eb('tickets.id', '<', id)])]),
        );
  }
  const direction = byDue ? 'asc' : 'desc';
  const rows = await query
    .orderBy(sortColumn, direction)
    .orderBy('tickets.id', direction)
    .limit(f.limit + 1)
    .execute();
  const hasMore = rows.length > f.limit;
  const items = hasMore ? rows.slice(0, f.limit) : rows;
  const last = items.at(-1);
  const nextCursor =
    hasMore && last
      ? encodeCursor([(byDue ? last.resolution_due_at : last.updated_at).toISOString(), last.id])
      : null;
  return { items, nextCursor };
}

export async function addHistory(
  trx: Transaction<DB>,
  ticketId: number,
  actorId: number | null,
  changes: { field: string; oldValue: string | null; newValue: string | null }[],
) {
  if (!changes.length) return;
  await trx
    .insertInto('ticket_history')
    .values(
      changes.map((c) => ({
        ticket_id: ticketId,
        actor_id: actorId,
        field: c.field,
        old_value: c.oldValue,
        new_value: c.newValue,
      })),
    )
    .execute();
}
