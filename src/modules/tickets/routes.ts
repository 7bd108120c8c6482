import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, notFound, requestLocale } from '../../http/errors';
import { requireActor } from '../auth/authenticate';
import { rulebookTicketInput } from '../rulebook/pre-announcement';
import { ticketRulebookFacts } from '../rulebook/queries';
import { addArticle } from './commands/add-article';
import { addAttachment } from './commands/add-attachment';
import { createTicketReturningRow } from './commands/create-ticket';
import { updateTicket } from './commands/update-ticket';
import { presentCreatedTicket, presentTicketDetail, presentTicketSummary } from './presenter';
import { loadAttachment, loadTicketView } from './queries';
import { listTickets } from './repository';
import {
  articleSchema,
  attachmentSchema,
  createArticleBody,
  createTicketBody,
  listTicketsQuery,
  ticketDetailSchema,
  ticketListSchema,
  ticketNumberParams,
  updateTicketBody,
} from './schemas';

export function ticketRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  async function detail(request: Parameters<typeof requireActor>[0], number: string) {
    const actor = requireActor(request);
    const view = await loadTicketView(ctx.db, actor, number);
    return {
      ...presentTicketDetail(
        view.ticket,
        actor,
        requestLocale(request),
        view.articles,
        view.attachments,
        view.history,
        view.labels,
      ),
      ...(await ticketRulebookFacts(ctx.db, view.ticket.id)),
    };
  }

  r.get(
    '/api/v1/tickets',
    {
      schema: {
        tags: ['tickets'],
        summary: 'List, queue and search tickets the caller may see',
        querystring: listTicketsQuery,
        response: { 200: ticketListSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { items, nextCursor } = await listTickets(ctx.db, actor, request.query);
      const locale = requestLocale(request);
      const now = new Date();
      return { items: items.map((row) => presentTicketSummary(row, locale, now)), nextCursor };
    },
  );

  r.post(
    '/api/v1/tickets',
    {
      schema: {
        tags: ['tickets'],
        summary: 'File a ticket',
        body: createTicketBody,
        response: { 201: ticketDetailSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const created = await createTicketReturningRow(
        ctx,
        actor,
        await rulebookTicketInput(ctx, actor, request.body),
      );
      const { number } = created.row;
      // a plain creation answers from the row just written; module rows (pre-announcement, triage)
      // may have changed the ticket after the insert, so then it is read back
      const body = created.extended
        ? await detail(request, number)
        : presentCreatedTicket(created.row, actor, requestLocale(request), created.reference.states);
      return reply.status(201).header('location', `/api/v1/tickets/${number}`).send(body);
    },
  );

  r.get(
    '/api/v1/tickets/:number',
    {
      schema: {
        tags: ['tickets'],
        summary: 'One ticket with its timeline',
        params: ticketNumberParams,
        response: { 200: ticketDetailSchema },
      },
    },
    async (request) => detail(request, request.params.number),
  );

  r.patch(
    '/api/v1/tickets/:number',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Change state, assignee, priority or topic (optimistic concurrency via version)',
        params: ticketNumberParams,
        body: updateTicketBody,
        response: { 200: ticketDetailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await updateTicket(ctx, actor, request.params.number, request.body);
      return detail(request, request.params.number);
    },
  );

  r.post(
    '/api/v1/tickets/:number/articles',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Add a public reply or an internal note',
        params: ticketNumberParams,
        body: createArticleBody,
        response: { 201: articleSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const id = await addArticle(ctx, actor, request.params.number, request.body);
      const view = await detail(request, request.params.number);
      const article = view.articles.find((a) => a.id === id);
      if (!article) throw notFound();
      return reply.status(201).send(article);
    },
  );

  r.post(
    '/api/v1/tickets/:number/attachments',
    {
      bodyLimit: ctx.config.attachmentMaxBytes + 64 * 1024,
      schema: {
        tags: ['tickets'],
        summary: 'Upload an attachment (multipart/form-data, field "file", optional field "articleId")',
        params: ticketNumberParams,
        consumes: ['multipart/form-data'],
        response: { 201: attachmentSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!request.isMultipart()) throw new AppError(415, 'unsupportedMediaType');
      let file: { filename: string; mimetype: string; content: Buffer } | null = null;
      let articleId: number | undefined;
      for await (const part of request.parts({
        limits: { fileSize: ctx.config.attachmentMaxBytes, files: 1, fields: 5 },
      })) {
        if (part.type === 'file') {
          const content = await part.toBuffer();
          if (part.file.truncated)
            throw new AppError(413, 'attachmentTooLarge', { limit: ctx.config.attachmentMaxBytes });
          file = { filename: part.filename, mimetype: part.mimetype, content };
        } else if (part.fieldname === 'articleId') {
          const n = Number(part.value);
          if (!Number.isInteger(n) || n <= 0) {
            throw new AppError(400, 'validationFailed', { fields: 'body.articleId' }, [
              { field: 'body.articleId', message: 'expected a positive integer' },
            ]);
          }
          articleId = n;
        }
      }
      if (!file)
        throw new AppError(400, 'attachmentMissing', {}, [{ field: 'body.file', message: 'required' }]);
      const created = await addAttachment(ctx, actor, request.params.number, {
        filename: file.filename,
        contentType: file.mimetype,
        content: file.content,
        articleId,
      });
      return reply.status(201).send(created);
    },
  );

  r.get(
    '/api/v1/attachments/:id',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Download an attachment',
        params: z.object({ id: z.coerce.number().int().positive() }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await loadAttachment(ctx.db, actor, request.params.id);
      if (!row) throw notFound();
      return reply
        .type(row.content_type)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.filename)}`)
        .send(row.content);
    },
  );
}
