import { sql, type Transaction } from 'kysely';
import type { AppContext } from '../../../context';
import type { DB } from '../../../db/schema';
import { forbidden, notFound } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { enqueueMail, mailDomain } from '../../mail/outbox';
import { buildInvitation } from '../invitation';
import { canManageCommittee } from '../policy';
import { type CommitteeRow, findMeeting, loadAgendaItems, loadCommittees } from '../queries';
import type { MeetingsTable } from '../tables';
import { assembleAgenda } from './assemble-agenda';

type Meeting = Pick<MeetingsTable, 'committee_id' | 'starts_at' | 'ends_at' | 'change_reason'> & {
  id: number;
  sequence: number;
};

const berlin = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  dateStyle: 'full',
  timeStyle: 'short',
});

/**
 * Writes the invitation (METHOD:REQUEST, with the agenda) or the cancellation (METHOD:CANCEL) of a
 * meeting into the outbox, in the caller's transaction. The UID is stable per meeting, SEQUENCE is
 * the meeting's current sequence.
 */
export async function enqueueMeetingMail(
  trx: Transaction<DB>,
  ctx: Pick<AppContext, 'config'>,
  meeting: Meeting,
  committee: CommitteeRow,
  people: { name: string; email: string }[],
  method: 'REQUEST' | 'CANCEL',
  agenda: string[],
) {
  if (people.length === 0) return null;
  const when = berlin.format(meeting.starts_at);
  const changed = meeting.sequence > 0;
  const subject =
    method === 'CANCEL'
      ? `Abgesagt: ${committee.name} am ${when}`
      : `${changed ? 'Geändert: ' : 'Einladung: '}${committee.name} am ${when}`;
  const text = [
    method === 'CANCEL'
      ? `Die Sitzung „${committee.name}“ am ${when} fällt aus.`
      : `Sie sind zur Sitzung „${committee.name}“ am ${when}${committee.location ? ` (${committee.location})` : ''} eingeladen.`,
    meeting.change_reason ? `Grund: ${meeting.change_reason}` : '',
    agenda.length && method === 'REQUEST'
      ? `\nTagesordnung:\n${agenda.map((a, i) => `TOP ${i + 1}: ${a}`).join('\n')}`
      : '',
  ]
    .filter(Boolean)
    .join('\n');
  const ics = buildInvitation({
    meetingId: meeting.id,
    uidDomain: mailDomain(ctx.config),
    sequence: meeting.sequence,
    method,
    summary: committee.name,
    description: text,
    location: committee.location,
    startsAt: meeting.starts_at,
    endsAt: meeting.ends_at,
    organizer: { name: committee.chair_name, email: ctx.config.mailFrom.replace(/^.*<|>.*$/g, '') },
    attendees: people,
  });
  return enqueueMail(trx, ctx.config, {
    kind: method === 'CANCEL' ? 'committee.cancellation' : 'committee.invitation',
    to: people.map((p) => p.email),
    subject,
    text,
    attachments: [
      {
        filename: method === 'CANCEL' ? 'absage.ics' : 'einladung.ics',
        contentType: `text/calendar; charset=utf-8; method=${method}`,
        contentBase64: Buffer.from(ics, 'utf8').toString('base64'),
        method,
      },
    ],
  });
}

/** Sends the invitation with the agenda now (the job does this `agenda_mail_days` before). */
export async function sendInvitation(ctx: AppContext, actor: Actor | null, meetingId: number) {
  // the caller's view first: an unknown meeting answers exactly like one they may not see (404)
  if (actor) {
    const visible = await findMeeting(ctx.db, actor, meetingId);
    if (!canManageCommittee(actor, visible.committee)) throw forbidden();
  }
  const meeting = await ctx.db
    .selectFrom('meetings')
    .selectAll()
    .where('id', '=', meetingId)
    .executeTakeFirst();
  if (!meeting) throw notFound();
  const [committee] = await loadCommittees(ctx.db, null, [meeting.committee_id]);
  if (meeting.state === 'cancelled' || meeting.minutes_state === 'approved') return null;
  await assembleAgenda(ctx, actor, meetingId);
  const agenda = (await loadAgendaItems(ctx.db, meetingId))
    .filter((i) => i.state === 'open')
    .map((i) => i.title);
  const people = mergePeople(await committeePeople(ctx, committee), await topicGuests(ctx, meetingId));
  return ctx.db.transaction().execute(async (trx) => {
    const mail = await enqueueMeetingMail(trx, ctx, meeting, committee, people, 'REQUEST', agenda);
    await trx
      .updateTable('meetings')
      .set({ invitation_sent_at: new Date() })
      .where('id', '=', meetingId)
      .execute();
    await recordAudit(trx, actor, 'committee.meeting.invite', 'meeting', meetingId, null, {
      recipients: people.length,
      sequence: meeting.sequence,
    });
    return mail;
  });
}

/** Chair, secretary, members and guests with their e-mail addresses (active persons only). */
export async function committeePeople(ctx: Pick<AppContext, 'db'>, c: CommitteeRow) {
  const ids = [c.chair_id, c.secretary_id, ...c.memberIds].filter((id): id is number => id !== null);
  const rows = await ctx.db
    .selectFrom('persons')
    .select(['name', 'email'])
    .where('id', 'in', ids)
    .where('active', '=', true)
    .where('email', 'is not', null)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ name: r.name, email: r.email as string }));
}

/**
 * Guests by topic: when an agenda item concerns a ticket of another department, that department's
 * coordinators (Koordination, the department's voice in IT matters) are invited to this meeting.
 */
export async function topicGuests(ctx: Pick<AppContext, 'db'>, meetingId: number) {
  const { rows } = await sql<{ name: string; email: string }>`
    SELECT DISTINCT p.name, p.email
    FROM agenda_items a
    JOIN tickets t ON t.id = a.ticket_id
    JOIN org_units ou ON ou.id = t.requester_org_unit_id
    JOIN role_assignments r ON r.role = 'coordinator'
    JOIN org_units scope ON scope.id = r.org_unit_id AND ou.path LIKE scope.path || '%'
    JOIN persons p ON p.id = r.person_id AND p.active AND p.email IS NOT NULL
    WHERE a.meeting_id = ${meetingId} AND a.state = 'open'
    ORDER BY p.name`.execute(ctx.db);
  return rows;
}

function mergePeople(...lists: { name: string; email: string }[][]) {
  const byEmail = new Map<string, { name: string; email: string }>();
  for (const p of lists.flat())
    if (!byEmail.has(p.email.toLowerCase())) byEmail.set(p.email.toLowerCase(), p);
  return [...byEmail.values()];
}

/** Job: invitations with agenda for meetings that start within their committee's agenda_mail_days. */
export async function sendDueInvitations(ctx: AppContext, now = new Date()): Promise<number> {
  const due = await ctx.db
    .selectFrom('meetings')
    .innerJoin('committees', 'committees.id', 'meetings.committee_id')
    .select('meetings.id')
    .where('meetings.invitation_sent_at', 'is', null)
    .where('meetings.state', '<>', 'cancelled')
    .where('meetings.starts_at', '>', now)
    .where(
      sql<boolean>`meetings.starts_at <= ${now}::timestamptz + make_interval(days => committees.agenda_mail_days)`,
    )
    .orderBy('meetings.starts_at')
    .execute();
  for (const m of due) await sendInvitation(ctx, null, m.id);
  return due.length;
}
