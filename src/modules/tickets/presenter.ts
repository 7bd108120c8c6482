import type { StateType } from '../../db/schema';
import type { Locale } from '../../http/messages';
import type { Actor } from '../auth/actor';
import { ticketPermissions, worksTicket } from './policy';
import type { Labels } from './queries';
import type { TicketRow } from './repository';
import { canTransition, isOpenType } from './state-machine';

const localized = (locale: Locale, de: string, en: string) => (locale === 'en' ? en : de);

export function presentTicketSummary(row: TicketRow, locale: Locale, now = new Date()) {
  return {
    number: row.number,
    title: row.title,
    state: {
      key: row.state_key,
      name: localized(locale, row.state_name_de, row.state_name_en),
      type: row.state_type,
    },
    priority: row.priority,
    processType: row.process_type,
    topic: row.topic_key
      ? { key: row.topic_key, name: localized(locale, row.topic_name_de ?? '', row.topic_name_en ?? '') }
      : null,
    group: row.group_id !== null ? { id: row.group_id, name: row.group_name ?? '' } : null,
    assignee: row.assignee_id !== null ? { id: row.assignee_id, name: row.assignee_name ?? '' } : null,
    requester: { id: row.requester_id, name: row.requester_name },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    dueAt: row.resolution_due_at,
    firstResponseDueAt: row.first_responded_at ? null : row.first_response_due_at,
    overdue: isOpenType(row.state_type) && row.resolution_due_at < now,
  };
}

export interface ArticleRow {
  id: number;
  kind: 'reply' | 'note' | 'system';
  internal: boolean;
  sender: 'agent' | 'requester' | 'system';
  author_id: number | null;
  author_name: string | null;
  body: string;
  created_at: Date;
  sender_verified: boolean | null;
}

export interface AttachmentRow {
  id: number;
  article_id: number | null;
  filename: string;
  content_type: string;
  size_bytes: number;
}

export interface HistoryRow {
  field: string;
  old_value: string | null;
  new_value: string | null;
  actor_id: number | null;
  actor_name: string | null;
  created_at: Date;
}

const presentAttachment = (a: AttachmentRow) => ({
  id: a.id,
  filename: a.filename,
  contentType: a.content_type,
  size: a.size_bytes,
});

/** `showVerification`: IT sees whether a mail's sender was verified (decision 0009); others get null */
export function presentArticle(a: ArticleRow, attachments: AttachmentRow[], showVerification: boolean) {
  return {
    id: a.id,
    kind: a.kind,
    internal: a.internal,
    sender: a.sender,
    senderVerified: showVerification ? a.sender_verified : null,
    author: a.author_id !== null ? { id: a.author_id, name: a.author_name ?? '' } : null,
    body: a.body,
    createdAt: a.created_at,
    attachments: attachments.filter((x) => x.article_id === a.id).map(presentAttachment),
  };
}

/** The caller's view of one ticket: articles and history already filtered by the caller's rights. */
export function presentTicketDetail(
  row: TicketRow,
  actor: Actor,
  locale: Locale,
  articles: ArticleRow[],
  attachments: AttachmentRow[],
  history: HistoryRow[],
  labels: Labels,
) {
  const can = ticketPermissions(actor, row);
  const label = (field: string, value: string | null): string | null => {
    if (value === null) return null;
    if (field === 'state') {
      const state = labels.states.find((s) => s.key === value);
      return state ? localized(locale, state.name_de, state.name_en) : value;
    }
    if (field === 'topic') {
      const topic = labels.topics.get(value);
      return topic ? localized(locale, topic.de, topic.en) : value;
    }
    return labels.names.get(`${field}:${value}`) ?? value;
  };
  const current = { key: row.state_key, type: row.state_type };
  return {
    ...presentTicketSummary(row, locale),
    description: row.description,
    version: row.version,
    articles: articles.map((a) => presentArticle(a, attachments, worksTicket(actor, row))),
    attachments: attachments.filter((x) => x.article_id === null).map(presentAttachment),
    history: history.map((h) => ({
      field: h.field,
      oldValue: h.old_value,
      newValue: h.new_value,
      oldLabel: label(h.field, h.old_value),
      newLabel: label(h.field, h.new_value),
      actor: h.actor_id !== null ? { id: h.actor_id, name: h.actor_name ?? '' } : null,
      createdAt: h.created_at,
    })),
    can,
    // the states this caller may move the ticket to now (merging needs a target and is not offered)
    allowedStates: can.changeState
      ? labels.states
          .filter(
            (s) =>
              s.state_type !== 'merged' &&
              canTransition(current, { key: s.key, type: s.state_type as StateType }),
          )
          .map((s) => s.key)
      : [],
  };
}

/**
 * The 201 answer of a plain creation, built from the row the insert returned instead of reading the
 * ticket back: a new ticket has no articles, attachments, pre-announcement or routing yet, and its
 * history is the one "created" row, shown only to those who work the ticket — exactly what GET
 * /api/v1/tickets/{number} answers right after (tickets.medium.test.ts compares both).
 */
export function presentCreatedTicket(row: TicketRow, actor: Actor, locale: Locale, states: Labels['states']) {
  const history: HistoryRow[] = worksTicket(actor, row)
    ? [
        {
          field: 'created',
          old_value: null,
          new_value: row.number,
          actor_id: actor.id,
          actor_name: actor.name,
          created_at: row.created_at,
        },
      ]
    : [];
  const labels: Labels = { states, topics: new Map(), names: new Map() };
  return {
    ...presentTicketDetail(row, actor, locale, [], [], history, labels),
    preAnnouncement: null,
    routing: null,
  };
}
