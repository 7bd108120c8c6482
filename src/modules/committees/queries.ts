import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { notFound } from '../../http/errors';
import { localDate } from '../../shared/local-date';
import type { Actor } from '../auth/actor';
import { canCompleteTask, canSeeCommittee } from './policy';
import type { ListTasksQuery } from './schemas';

type Db = Kysely<DB> | Transaction<DB>;

export interface CommitteeRow {
  id: number;
  name: string;
  kind: 'itCommittee' | 'digitalisation';
  org_unit_id: number | null;
  org_unit_name: string | null;
  chair_id: number;
  chair_name: string;
  secretary_id: number | null;
  secretary_name: string | null;
  every_weeks: number;
  weekday: number;
  start_time: string;
  duration_minutes: number;
  starts_on: string;
  alternates_with_id: number | null;
  alternates_with_name: string | null;
  offset_weeks: number;
  location: string;
  agenda_mail_days: number;
  members: {
    id: number;
    name: string;
    email: string | null;
    role: 'member' | 'guest';
    position: string | null;
  }[];
  memberIds: number[];
  next_meeting_id: number | null;
  next_meeting_starts_at: Date | null;
}

/** Committees with chair, secretary, members and the next meeting; filtered by the caller's visibility. */
export async function loadCommittees(db: Db, actor: Actor | null, ids?: number[]): Promise<CommitteeRow[]> {
  if (ids && ids.length === 0) return [];
  const { rows } = await sql<Omit<CommitteeRow, 'memberIds'>>`
    SELECT c.id, c.name, c.kind, c.org_unit_id, ou.name AS org_unit_name, c.chair_id, ch.name AS chair_name,
      c.secretary_id, se.name AS secretary_name, c.every_weeks, c.weekday, c.start_time, c.duration_minutes,
      c.starts_on::text AS starts_on, c.alternates_with_id, alt.name AS alternates_with_name, c.offset_weeks,
      c.location, c.agenda_mail_days,
      COALESCE((SELECT json_agg(json_build_object('id', p.id, 'name', p.name, 'email', p.email, 'role', m.role,
                  'position', m.position) ORDER BY m.role, p.name)
                FROM committee_members m JOIN persons p ON p.id = m.person_id
                WHERE m.committee_id = c.id), '[]') AS members,
      nm.id AS next_meeting_id, nm.starts_at AS next_meeting_starts_at
    FROM committees c
    LEFT JOIN org_units ou ON ou.id = c.org_unit_id
    JOIN persons ch ON ch.id = c.chair_id
    LEFT JOIN persons se ON se.id = c.secretary_id
    LEFT JOIN committees alt ON alt.id = c.alternates_with_id
    LEFT JOIN LATERAL (SELECT id, starts_at FROM meetings WHERE committee_id = c.id AND state <> 'cancelled'
                       AND ends_at > now() ORDER BY starts_at LIMIT 1) nm ON true
    WHERE c.active ${ids ? sql`AND c.id IN (${sql.join(ids)})` : sql``}
    ORDER BY c.name`.execute(db);
  return rows
    .map((r) => ({ ...r, memberIds: r.members.map((m) => m.id) }))
    .filter((r) => actor === null || canSeeCommittee(actor, r));
}

export async function findCommittee(db: Db, actor: Actor, id: number): Promise<CommitteeRow> {
  const [row] = await loadCommittees(db, actor, [id]);
  if (!row) throw notFound();
  return row;
}

export async function findMeeting(db: Db, actor: Actor, id: number) {
  const meeting = await db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!meeting) throw notFound();
  const committee = await findCommittee(db, actor, meeting.committee_id);
  return { meeting, committee };
}

export async function listMeetings(
  db: Db,
  committeeId: number,
  q: { from?: Date; until?: Date; limit: number },
) {
  return db
    .selectFrom('meetings')
    .innerJoin('committees', 'committees.id', 'meetings.committee_id')
    .selectAll('meetings')
    .select('committees.name as committee_name')
    .where('committee_id', '=', committeeId)
    .$if(q.from !== undefined, (qb) => qb.where('meetings.ends_at', '>=', q.from as Date))
    .$if(q.until !== undefined, (qb) => qb.where('meetings.starts_at', '<', q.until as Date))
    .orderBy('meetings.starts_at')
    .limit(q.limit)
    .execute();
}

export async function loadAgendaItems(db: Db, meetingId: number) {
  return db
    .selectFrom('agenda_items')
    .leftJoin('tickets', 'tickets.id', 'agenda_items.ticket_id')
    .selectAll('agenda_items')
    .select(['tickets.number as ticket_number', 'tickets.title as ticket_title'])
    .where('meeting_id', '=', meetingId)
    .orderBy(sql`agenda_items.state = 'open'`, 'desc')
    .orderBy('position')
    .orderBy('agenda_items.id')
    .execute();
}

export async function loadDecisions(db: Db, meetingIds: number[]) {
  if (meetingIds.length === 0) return [];
  return db
    .selectFrom('decisions')
    .innerJoin('meetings', 'meetings.id', 'decisions.meeting_id')
    .leftJoin('tickets', 'tickets.id', 'decisions.ticket_id')
    .selectAll('decisions')
    .select(['tickets.number as ticket_number', 'tickets.title as ticket_title', 'meetings.minutes_state'])
    .where('decisions.meeting_id', 'in', meetingIds)
    .orderBy('decisions.agenda_item_id')
    .orderBy('decisions.id')
    .execute();
}

export interface TaskRow {
  id: number;
  title: string;
  owner_id: number;
  owner_name: string;
  collaborators: { id: number; name: string }[];
  due_on: string;
  state: 'open' | 'done';
  result_note: string | null;
  completed_at: Date | null;
  meeting_id: number;
  agenda_item_id: number | null;
  committee_id: number;
  committee_name: string;
  version: number;
  collaboratorIds: number[];
}

/** Tasks with owner and collaborators; `where` narrows by SQL, visibility is applied by the caller. */
export async function queryTasks(
  db: Db,
  f: {
    meetingIds?: number[];
    ids?: number[];
    committeeId?: number;
    personId?: number;
    state?: 'open' | 'done';
    ownerId?: number;
    overdue?: boolean;
  },
): Promise<TaskRow[]> {
  const { rows } = await sql<Omit<TaskRow, 'collaboratorIds'>>`
    SELECT t.id, t.title, t.owner_id, o.name AS owner_name, t.due_on::text AS due_on, t.state, t.result_note,
      t.completed_at, t.meeting_id, t.agenda_item_id, c.id AS committee_id, c.name AS committee_name, t.version,
      COALESCE((SELECT json_agg(json_build_object('id', p.id, 'name', p.name) ORDER BY p.name)
                FROM committee_task_collaborators tc JOIN persons p ON p.id = tc.person_id
                WHERE tc.task_id = t.id), '[]') AS collaborators
    FROM committee_tasks t
    JOIN persons o ON o.id = t.owner_id
    JOIN meetings m ON m.id = t.meeting_id
    JOIN committees c ON c.id = m.committee_id
    WHERE true
      ${f.meetingIds ? sql`AND t.meeting_id IN (${sql.join(f.meetingIds.length ? f.meetingIds : [-1])})` : sql``}
      ${f.ids ? sql`AND t.id IN (${sql.join(f.ids.length ? f.ids : [-1])})` : sql``}
      ${f.committeeId ? sql`AND c.id = ${f.committeeId}` : sql``}
      ${f.ownerId ? sql`AND t.owner_id = ${f.ownerId}` : sql``}
      ${f.state ? sql`AND t.state = ${f.state}` : sql``}
      ${f.overdue ? sql`AND t.state = 'open' AND t.due_on < ${localDate()}::date` : sql``}
      ${
        f.personId
          ? sql`AND (t.owner_id = ${f.personId} OR EXISTS (SELECT 1 FROM committee_task_collaborators x
                WHERE x.task_id = t.id AND x.person_id = ${f.personId}))`
          : sql``
      }
    ORDER BY t.state, t.due_on, t.id
    LIMIT 2000`.execute(db);
  return rows.map((r) => ({ ...r, collaboratorIds: r.collaborators.map((c) => c.id) }));
}

/**
 * Tasks the caller may see: their own (owner or collaborator) and those of committees they may see.
 * Asked for one committee, that committee must be visible: 404 as for the committee itself, not an
 * empty list that would answer differently from an unknown id.
 */
export async function listTasks(db: Db, actor: Actor, q: ListTasksQuery) {
  if (q.committeeId !== undefined) await findCommittee(db, actor, q.committeeId);
  const rows = await queryTasks(db, {
    committeeId: q.committeeId,
    personId: q.mine === 'true' ? actor.id : undefined,
    state: q.state,
    ownerId: q.ownerId,
    overdue: q.overdue === 'true',
  });
  const committees = await loadCommittees(db, actor, [...new Set(rows.map((r) => r.committee_id))]);
  const byId = new Map(committees.map((c) => [c.id, c]));
  return rows
    .filter(
      (r) => r.owner_id === actor.id || r.collaboratorIds.includes(actor.id) || byId.has(r.committee_id),
    )
    .map((r) => ({
      row: r,
      canComplete: r.state === 'open' && canComplete(actor, r, byId.get(r.committee_id)),
    }));
}

export function canComplete(actor: Actor, task: TaskRow, committee: CommitteeRow | undefined) {
  return canCompleteTask(actor, task, committee ?? { chair_id: -1, secretary_id: null, memberIds: [] });
}
