import { sql, type Transaction } from 'kysely';
import type { AppContext } from '../../../context';
import type { DB } from '../../../db/schema';
import { AppError, forbidden } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { addHistory } from '../../tickets/repository';
import { canTransition } from '../../tickets/state-machine';
import { renderMinutesPdf } from '../minutes-pdf';
import { canManageCommittee } from '../policy';
import { findMeeting, loadAgendaItems, loadDecisions, queryTasks } from '../queries';
import { lockEditableMeeting } from './guards';

/** The state a project ticket moves to when the committee approves it (its next step: IT works on it). */
const PROJECT_APPROVED_STATE = 'inProgress';

/**
 * Approving the minutes freezes them: decisions become immutable (a trigger guards that too), the
 * PDF is rendered and stored, proposals on the agenda are done, and every approving decision on a
 * project ticket moves that ticket on (system article + state + history).
 */
export async function approveMinutes(ctx: AppContext, actor: Actor, meetingId: number): Promise<void> {
  const { meeting, committee } = await findMeeting(ctx.db, actor, meetingId);
  if (!canManageCommittee(actor, committee)) throw forbidden();
  const items = (await loadAgendaItems(ctx.db, meetingId)).filter((i) => i.state === 'open');
  const decisions = await loadDecisions(ctx.db, [meetingId]);
  const tasks = await queryTasks(ctx.db, { meetingIds: [meetingId] });
  const targetState = await ctx.db
    .selectFrom('ticket_states')
    .select(['id', 'key', 'state_type'])
    .where('key', '=', PROJECT_APPROVED_STATE)
    .executeTakeFirst();
  const approvedAt = new Date();
  const pdf = await renderMinutesPdf({
    committeeName: committee.name,
    startsAt: meeting.starts_at,
    location: committee.location,
    approvedAt,
    approvedBy: actor.name,
    attendees: [
      committee.chair_name,
      committee.secretary_name,
      ...committee.members.map((m) => m.name),
    ].filter((n, i, all): n is string => !!n && all.indexOf(n) === i),
    items: items.map((i, n) => ({
      position: n + 1,
      title: i.title,
      summary: i.summary,
      decisions: decisions
        .filter((d) => d.agenda_item_id === i.id)
        .map((d) => ({
          id: d.id,
          text: d.text,
          outcome: d.outcome,
          ticket: d.ticket_number,
          correctsId: d.corrects_id,
        })),
    })),
    tasks: tasks.map((t) => ({
      title: t.title,
      owner: t.owner_name,
      collaborators: t.collaborators.map((c) => c.name),
      dueOn: t.due_on,
      item: items.findIndex((i) => i.id === t.agenda_item_id) + 1 || null,
    })),
  });

  await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockEditableMeeting(trx, meetingId);
    // what the PDF shows must be what is frozen: a change since reading answers 409 (reload, approve again)
    const current = await trx
      .selectFrom('decisions')
      .select([sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(version), 0)`.as('v')])
      .where('meeting_id', '=', meetingId)
      .executeTakeFirstOrThrow();
    if (
      Number(current.n) !== decisions.length ||
      Number(current.v) !== decisions.reduce((s, d) => s + d.version, 0)
    )
      throw new AppError(409, 'minutesChanged');
    await trx
      .updateTable('meetings')
      .set({
        minutes_state: 'approved',
        minutes_approved_at: approvedAt,
        minutes_approved_by_id: actor.id,
        minutes_pdf: pdf,
        version: sql`version + 1`,
      })
      .where('id', '=', meetingId)
      .execute();
    const proposalIds = items.map((i) => i.proposal_id).filter((id): id is number => id !== null);
    if (proposalIds.length)
      await trx
        .updateTable('agenda_proposals')
        .set({ state: 'done' })
        .where('id', 'in', proposalIds)
        .execute();
    for (const d of decisions) {
      if (d.outcome !== 'approved' || d.ticket_id === null) continue;
      await advanceProject(trx, actor, d.ticket_id, targetState ?? null, {
        text: `Beschluss ${d.id} des Gremiums „${committee.name}“ vom ${locked.starts_at.toLocaleDateString('de-DE')}: ${d.text}\nNächster Schritt: Umsetzung durch die IT.`,
      });
    }
    await recordAudit(trx, actor, 'committee.minutes.approve', 'meeting', meetingId, null, {
      decisions: decisions.map((d) => d.id),
      tasks: tasks.map((t) => t.id),
      pdfBytes: pdf.length,
    });
  });
}

async function advanceProject(
  trx: Transaction<DB>,
  actor: Actor,
  ticketId: number,
  target: { id: number; key: string; state_type: DB['ticket_states']['state_type'] } | null,
  note: { text: string },
) {
  const ticket = await trx
    .selectFrom('tickets')
    .innerJoin('ticket_states', 'ticket_states.id', 'tickets.state_id')
    .select([
      'tickets.id',
      'tickets.number',
      'tickets.process_type',
      'tickets.state_type',
      'ticket_states.key',
    ])
    .where('tickets.id', '=', ticketId)
    .forUpdate()
    .executeTakeFirst();
  if (ticket?.process_type !== 'project') return;
  const now = new Date();
  await trx
    .insertInto('articles')
    .values({
      ticket_id: ticket.id,
      kind: 'system',
      internal: false,
      sender: 'system',
      author_id: null,
      body: note.text,
      created_at: now,
    })
    .execute();
  const move =
    target !== null &&
    canTransition({ key: ticket.key, type: ticket.state_type }, { key: target.key, type: target.state_type });
  await trx
    .updateTable('tickets')
    .set({
      updated_at: now,
      version: sql`version + 1`,
      ...(move && target ? { state_id: target.id, state_type: target.state_type, resolved_at: null } : {}),
    })
    .where('id', '=', ticket.id)
    .execute();
  if (move && target)
    await addHistory(trx, ticket.id, actor.id, [
      { field: 'state', oldValue: ticket.key, newValue: target.key },
    ]);
  await recordAudit(
    trx,
    actor,
    'ticket.committeeDecision',
    'ticket',
    ticket.number,
    { state: ticket.key },
    {
      state: move ? target?.key : ticket.key,
    },
  );
}
