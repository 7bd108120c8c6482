import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Actor } from '../auth/actor';
import { worksTicket } from './policy';
import type { ArticleRow, AttachmentRow, HistoryRow } from './presenter';
import { referenceData } from './reference-data';
import { findVisibleTicket } from './repository';

/** One ticket with what the caller may see of it: requesters never get internal notes or history. */
export async function loadTicketView(db: Kysely<DB>, actor: Actor, number: string) {
  const ticket = await findVisibleTicket(db, actor, number);
  const works = worksTicket(actor, ticket);
  const [articles, attachments, history] = await Promise.all([
    db
      .selectFrom('articles')
      .leftJoin('persons', 'persons.id', 'articles.author_id')
      .select([
        'articles.id',
        'articles.kind',
        'articles.internal',
        'articles.sender',
        'articles.author_id',
        'persons.name as author_name',
        'articles.body',
        'articles.created_at',
        'articles.sender_verified',
      ])
      .where('articles.ticket_id', '=', ticket.id)
      .$if(!works, (q) => q.where('articles.internal', '=', false))
      .orderBy('articles.id')
      .execute() as Promise<ArticleRow[]>,
    db
      .selectFrom('attachments')
      .leftJoin('articles', 'articles.id', 'attachments.article_id')
      .select([
        'attachments.id',
        'attachments.article_id',
        'attachments.filename',
        'attachments.content_type',
        'attachments.size_bytes',
      ])
      .where('attachments.ticket_id', '=', ticket.id)
      .$if(!works, (q) =>
        q.where((eb) => eb.or([eb('articles.internal', 'is', null), eb('articles.internal', '=', false)])),
      )
      .orderBy('attachments.id')
      .execute() as Promise<AttachmentRow[]>,
    works
      ? (db
          .selectFrom('ticket_history')
          .leftJoin('persons', 'persons.id', 'ticket_history.actor_id')
          .select([
            'ticket_history.field',
            'ticket_history.old_value',
            'ticket_history.new_value',
            'ticket_history.actor_id',
            'persons.name as actor_name',
            'ticket_history.created_at',
          ])
          .where('ticket_history.ticket_id', '=', ticket.id)
          .orderBy('ticket_history.id')
          .execute() as Promise<HistoryRow[]>)
      : Promise.resolve([] as HistoryRow[]),
  ]);
  const labels = await historyLabels(db, history);
  return { ticket, articles, attachments, history, labels };
}

export interface Labels {
  states: { key: string; name_de: string; name_en: string; state_type: string }[];
  topics: Map<string, { de: string; en: string }>;
  names: Map<string, string>;
}

/** Display names for the raw values in the history (state and topic keys, person and group ids). */
async function historyLabels(db: Kysely<DB>, history: HistoryRow[]): Promise<Labels> {
  const ids = (field: string) =>
    history
      .filter((h) => h.field === field)
      .flatMap((h) => [h.old_value, h.new_value])
      .filter((v): v is string => v !== null && /^\d+$/.test(v))
      .map(Number);
  const personIds = ids('assignee');
  const groupIds = ids('group');
  const topicKeys = history
    .filter((h) => h.field === 'topic')
    .flatMap((h) => [h.old_value, h.new_value])
    .filter((v): v is string => v !== null);
  const [ref, persons, groups, topics] = await Promise.all([
    referenceData(db),
    personIds.length
      ? db.selectFrom('persons').select(['id', 'name']).where('id', 'in', personIds).execute()
      : [],
    groupIds.length
      ? db.selectFrom('groups').select(['id', 'name']).where('id', 'in', groupIds).execute()
      : [],
    topicKeys.length
      ? db.selectFrom('topics').select(['key', 'name_de', 'name_en']).where('key', 'in', topicKeys).execute()
      : [],
  ]);
  const states = ref.states;
  const names = new Map<string, string>();
  for (const p of persons) names.set(`assignee:${p.id}`, p.name);
  for (const g of groups) names.set(`group:${g.id}`, g.name);
  return { states, topics: new Map(topics.map((t) => [t.key, { de: t.name_de, en: t.name_en }])), names };
}

export async function loadAttachment(db: Kysely<DB>, actor: Actor, id: number) {
  const row = await db
    .selectFrom('attachments')
    .innerJoin('tickets', 'tickets.id', 'attachments.ticket_id')
    .leftJoin('articles', 'articles.id', 'attachments.article_id')
    .select([
      'attachments.filename',
      'attachments.content_type',
      'attachments.content',
      'tickets.number',
      'tickets.group_id',
      'articles.internal',
    ])
    .where('attachments.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  // visibility of the ticket decides; attachments of internal notes only for those who work it
  const ticket = await findVisibleTicket(db, actor, row.number).catch(() => null);
  if (!ticket) return null;
  if (row.internal && !worksTicket(actor, ticket)) return null;
  return row;
}
