import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { AppError, forbidden, notFound } from '../../../http/errors';
import { localDate } from '../../../shared/local-date';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { canManageCommittee } from '../policy';
import { canComplete, findCommittee, loadCommittees, queryTasks } from '../queries';
import { lockEditableMeeting } from './guards';
import { requireActivePersons } from './people';

export interface CreateTaskInput {
  title: string;
  ownerId: number;
  collaboratorIds: number[];
  dueOn: string;
}

/** A task from the minutes: what, who, with whom, by when — linked to its agenda item. */
export async function createTask(ctx: AppContext, actor: Actor, itemId: number, input: CreateTaskInput) {
  const item = await ctx.db
    .selectFrom('agenda_items')
    .innerJoin('meetings', 'meetings.id', 'agenda_items.meeting_id')
    .select(['agenda_items.id', 'agenda_items.meeting_id', 'meetings.committee_id'])
    .where('agenda_items.id', '=', itemId)
    .executeTakeFirst();
  if (!item) throw notFound();
  const committee = await findCommittee(ctx.db, actor, item.committee_id);
  if (!canManageCommittee(actor, committee)) throw forbidden();
  const due = new Date(`${input.dueOn}T00:00:00`);
  if (Number.isNaN(due.getTime()) || input.dueOn !== localDate(due))
    throw new AppError(422, 'validationFailed', { fields: 'body.dueOn' }, [
      { field: 'body.dueOn', message: 'not a calendar date' },
    ]);
  if (input.dueOn < localDate())
    throw new AppError(422, 'taskDueInPast', {}, [
      { field: 'body.dueOn', message: 'must not be in the past' },
    ]);
  const collaborators = [...new Set(input.collaboratorIds)].filter((id) => id !== input.ownerId);
  return ctx.db.transaction().execute(async (trx) => {
    await lockEditableMeeting(trx, item.meeting_id);
    await requireActivePersons(trx, [
      { id: input.ownerId, field: 'body.ownerId' },
      ...collaborators.map((id, i) => ({ id, field: `body.collaboratorIds.${i}` })),
    ]);
    const row = await trx
      .insertInto('committee_tasks')
      .values({
        meeting_id: item.meeting_id,
        agenda_item_id: item.id,
        title: input.title,
        owner_id: input.ownerId,
        due_on: input.dueOn,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (collaborators.length > 0)
      await trx
        .insertInto('committee_task_collaborators')
        .values(collaborators.map((person_id) => ({ task_id: row.id, person_id })))
        .execute();
    await recordAudit(trx, actor, 'committee.task.create', 'task', row.id, null, { ...input, itemId });
    return row.id;
  });
}

/** Completing a task needs a short result note; owner, collaborators, chair and secretary may do it. */
export async function completeTask(ctx: AppContext, actor: Actor, taskId: number, resultNote: string) {
  const [task] = await queryTasks(ctx.db, { ids: [taskId] });
  if (!task) throw notFound();
  const [committee] = await loadCommittees(ctx.db, null, [task.committee_id]);
  const involved = task.owner_id === actor.id || task.collaboratorIds.includes(actor.id);
  if (!involved && !(await loadCommittees(ctx.db, actor, [task.committee_id])).length) throw notFound();
  if (!canComplete(actor, task, committee)) throw forbidden();
  await ctx.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('committee_tasks')
      .select(['state'])
      .where('id', '=', taskId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (current.state === 'done') throw new AppError(409, 'taskAlreadyDone');
    await trx
      .updateTable('committee_tasks')
      .set({
        state: 'done',
        result_note: resultNote,
        completed_at: new Date(),
        completed_by_id: actor.id,
        version: sql`version + 1`,
      })
      .where('id', '=', taskId)
      .execute();
    await recordAudit(
      trx,
      actor,
      'committee.task.complete',
      'task',
      taskId,
      { state: 'open' },
      {
        state: 'done',
        resultNote,
      },
    );
  });
}
