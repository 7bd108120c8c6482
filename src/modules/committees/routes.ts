import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { notFound } from '../../http/errors';
import { requireActor, requireAdmin } from '../auth/authenticate';
import { addAgendaItem, updateAgendaItem } from './commands/agenda-items';
import { approveMinutes } from './commands/approve-minutes';
import { assembleAgenda } from './commands/assemble-agenda';
import { createCommittee } from './commands/create-committee';
import { deleteDecision, recordDecision, updateDecision } from './commands/decisions';
import { sendInvitation } from './commands/invitations';
import { completeTask, createTask } from './commands/tasks';
import { updateMeeting } from './commands/update-meeting';
import { loadMeetingDetail } from './meeting-detail';
import { canManageCommittee } from './policy';
import { presentCommittee, presentMeetingSummary, presentTask } from './presenter';
import { findCommittee, findMeeting, listMeetings, listTasks, loadCommittees } from './queries';
import {
  committeeListSchema,
  committeeSchema,
  completeTaskBody,
  createAgendaItemBody,
  createCommitteeBody,
  createDecisionBody,
  createTaskBody,
  decisionSchema,
  exportTasksQuery,
  idParams,
  listMeetingsQuery,
  listTasksQuery,
  meetingDetailSchema,
  meetingListSchema,
  taskListSchema,
  taskSchema,
  updateAgendaItemBody,
  updateDecisionBody,
  updateMeetingBody,
} from './schemas';
import { tasksCsv, tasksXlsx } from './task-export';

const tags = ['committees'];

export function committeeRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const meeting = (request: FastifyRequest, id: number) => loadMeetingDetail(ctx, requireActor(request), id);

  r.get(
    '/api/v1/committees',
    { schema: { tags, summary: 'Committees the caller may see', response: { 200: committeeListSchema } } },
    async (request) => {
      const actor = requireActor(request);
      return { items: (await loadCommittees(ctx.db, actor)).map((c) => presentCommittee(c, actor)) };
    },
  );

  r.post(
    '/api/v1/committees',
    {
      schema: {
        tags,
        summary: 'Create a committee with members and rhythm (admins); meetings are generated',
        body: createCommitteeBody,
        response: { 201: committeeSchema },
      },
    },
    async (request, reply) => {
      const actor = requireAdmin(request);
      const id = await createCommittee(ctx, actor, request.body);
      return reply.status(201).send(presentCommittee(await findCommittee(ctx.db, actor, id), actor));
    },
  );

  r.get(
    '/api/v1/committees/:id',
    { schema: { tags, summary: 'One committee', params: idParams, response: { 200: committeeSchema } } },
    async (request) => {
      const actor = requireActor(request);
      return presentCommittee(await findCommittee(ctx.db, actor, request.params.id), actor);
    },
  );

  r.get(
    '/api/v1/committees/:id/meetings',
    {
      schema: {
        tags,
        summary: 'Meetings of a committee (generated from the rhythm), by start',
        params: idParams,
        querystring: listMeetingsQuery,
        response: { 200: meetingListSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const committee = await findCommittee(ctx.db, actor, request.params.id);
      const rows = await listMeetings(ctx.db, committee.id, request.query);
      return { items: rows.map((m) => presentMeetingSummary(m, m.committee_name)) };
    },
  );

  r.get(
    '/api/v1/meetings/:id',
    {
      schema: {
        tags,
        summary: 'A meeting with agenda, decisions and tasks',
        params: idParams,
        response: { 200: meetingDetailSchema },
      },
    },
    async (request) => meeting(request, request.params.id),
  );

  r.patch(
    '/api/v1/meetings/:id',
    {
      schema: {
        tags,
        summary:
          'Move (startsAt) or cancel (cancelled: true) a meeting, with a reason; members get an update',
        params: idParams,
        body: updateMeetingBody,
        response: { 200: meetingDetailSchema },
      },
    },
    async (request) => {
      await updateMeeting(ctx, requireActor(request), request.params.id, request.body);
      return meeting(request, request.params.id);
    },
  );

  r.post(
    '/api/v1/meetings/:id/agenda/assemble',
    {
      schema: {
        tags,
        summary: 'Add pending proposals and due tasks to the agenda (idempotent)',
        params: idParams,
        response: { 200: meetingDetailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const found = await findMeeting(ctx.db, actor, request.params.id);
      if (!canManageCommittee(actor, found.committee)) throw notFound();
      await assembleAgenda(ctx, actor, request.params.id);
      return meeting(request, request.params.id);
    },
  );

  r.post(
    '/api/v1/meetings/:id/invitation',
    {
      schema: {
        tags,
        summary: 'Send the invitation with the agenda now (iCalendar METHOD:REQUEST)',
        params: idParams,
        response: { 200: meetingDetailSchema },
      },
    },
    async (request) => {
      await sendInvitation(ctx, requireActor(request), request.params.id);
      return meeting(request, request.params.id);
    },
  );

  r.post(
    '/api/v1/meetings/:id/agenda-items',
    {
      schema: {
        tags,
        summary: 'Add a manual agenda item',
        params: idParams,
        body: createAgendaItemBody,
        response: { 201: meetingDetailSchema },
      },
    },
    async (request, reply) => {
      await addAgendaItem(ctx, requireActor(request), request.params.id, request.body);
      return reply.status(201).send(await meeting(request, request.params.id));
    },
  );

  r.patch(
    '/api/v1/agenda-items/:id',
    {
      schema: {
        tags,
        summary: 'Order, summarise, defer or remove an agenda item (optimistic concurrency via version)',
        params: idParams,
        body: updateAgendaItemBody,
        response: { 200: meetingDetailSchema },
      },
    },
    async (request) => {
      const meetingId = await updateAgendaItem(ctx, requireActor(request), request.params.id, request.body);
      return meeting(request, meetingId);
    },
  );

  r.post(
    '/api/v1/agenda-items/:id/decisions',
    {
      schema: {
        tags,
        summary: 'Record a decision on an agenda item',
        params: idParams,
        body: createDecisionBody,
        response: { 201: decisionSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const id = await recordDecision(ctx, actor, request.params.id, request.body);
      const item = await ctx.db
        .selectFrom('agenda_items')
        .select('meeting_id')
        .where('id', '=', request.params.id)
        .executeTakeFirstOrThrow();
      const detail = await meeting(request, item.meeting_id);
      const decision = detail.decisions.find((d) => d.id === id);
      if (!decision) throw notFound();
      return reply.status(201).send(decision);
    },
  );

  // PUT is accepted as a synonym of PATCH
  for (const method of ['patch', 'put'] as const) {
    r[method](
      '/api/v1/decisions/:id',
      {
        schema: {
          tags,
          summary:
            method === 'patch'
              ? 'Change a decision of draft minutes (approved minutes: 409)'
              : 'Same as PATCH (approved minutes: 409)',
          params: idParams,
          body: updateDecisionBody,
          response: { 200: decisionSchema },
        },
      },
      async (request) => {
        const meetingId = await updateDecision(ctx, requireActor(request), request.params.id, request.body);
        const detail = await meeting(request, meetingId);
        const decision = detail.decisions.find((d) => d.id === request.params.id);
        if (!decision) throw notFound();
        return decision;
      },
    );
  }

  r.delete(
    '/api/v1/decisions/:id',
    {
      schema: {
        tags,
        summary: 'Delete a decision of draft minutes (approved minutes: 409)',
        params: idParams,
      },
    },
    async (request, reply) => {
      await deleteDecision(ctx, requireActor(request), request.params.id);
      return reply.status(204).send();
    },
  );

  r.post(
    '/api/v1/agenda-items/:id/tasks',
    {
      schema: {
        tags,
        summary: 'Record a task: what, owner, collaborators (with whom), due date',
        params: idParams,
        body: createTaskBody,
        response: { 201: taskSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const id = await createTask(ctx, actor, request.params.id, request.body);
      const [task] = (await listTasks(ctx.db, actor, {})).filter((t) => t.row.id === id);
      return reply.status(201).send(presentTask(task.row, task.canComplete));
    },
  );

  r.post(
    '/api/v1/meetings/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve the minutes: freezes decisions, renders the PDF, updates approved project tickets',
        params: idParams,
        response: { 200: meetingDetailSchema },
      },
    },
    async (request) => {
      await approveMinutes(ctx, requireActor(request), request.params.id);
      return meeting(request, request.params.id);
    },
  );

  r.get(
    '/api/v1/meetings/:id/minutes.pdf',
    { schema: { tags, summary: 'The approved minutes as PDF', params: idParams } },
    async (request, reply) => {
      const { meeting: m, committee } = await findMeeting(ctx.db, requireActor(request), request.params.id);
      const row = await ctx.db
        .selectFrom('meetings')
        .select('minutes_pdf')
        .where('id', '=', m.id)
        .executeTakeFirstOrThrow();
      if (!row.minutes_pdf) throw notFound('minutesNotApproved');
      const name = `Protokoll ${committee.name} ${m.starts_at.toISOString().slice(0, 10)}.pdf`;
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(row.minutes_pdf);
    },
  );

  r.get(
    '/api/v1/tasks',
    {
      schema: {
        tags,
        summary: 'Tasks: mine=true (owner or collaborator), per committee, filterable by state/owner/overdue',
        querystring: listTasksQuery,
        response: { 200: taskListSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return {
        items: (await listTasks(ctx.db, actor, request.query)).map((t) => presentTask(t.row, t.canComplete)),
      };
    },
  );

  r.get(
    '/api/v1/tasks/export',
    {
      schema: {
        tags,
        summary: 'The filtered task list as CSV (semicolon, UTF-8 BOM) or XLSX',
        querystring: exportTasksQuery,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { format, ...query } = request.query;
      const items = (await listTasks(ctx.db, actor, query)).map((t) => presentTask(t.row, t.canComplete));
      if (format === 'xlsx')
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', 'attachment; filename="aufgaben.xlsx"')
          .send(await tasksXlsx(items));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="aufgaben.csv"')
        .send(tasksCsv(items));
    },
  );

  r.post(
    '/api/v1/tasks/:id/complete',
    {
      schema: {
        tags,
        summary: 'Complete a task with a short result note',
        params: idParams,
        body: completeTaskBody,
        response: { 200: taskSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await completeTask(ctx, actor, request.params.id, request.body.resultNote);
      const [task] = (await listTasks(ctx.db, actor, {})).filter((t) => t.row.id === request.params.id);
      if (!task) throw notFound();
      return presentTask(task.row, task.canComplete);
    },
  );
}
