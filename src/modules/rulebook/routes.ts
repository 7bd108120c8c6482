import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { requestLocale } from '../../http/errors';
import type { Locale } from '../../http/messages';
import { requireActor, requireAdmin } from '../auth/authenticate';
import { ticketNumberParams } from '../tickets/schemas';
import { escalateTicket } from './commands/escalate-ticket';
import { publishRulebook } from './commands/publish-rulebook';
import { reclassifyTicket } from './commands/reclassify-ticket';
import { routeTicket } from './commands/route-ticket';
import { loadTicketRulebook } from './queries';
import { currentRulebook, rulebookVersion } from './repository';
import { type Answers, type Evaluation, evaluate, type RuleSet, validateRuleSet } from './rules';
import {
  classificationBody,
  escalationBody,
  evaluationSchema,
  previewRulebookBody,
  publishRulebookBody,
  routingBody,
  rulebookSchema,
  ticketRulebookSchema,
  triageBody,
} from './schemas';

function presentEvaluation(version: number, e: Evaluation, locale: Locale) {
  return e.complete
    ? {
        ruleVersion: version,
        complete: true,
        nextQuestion: null,
        outcome: e.outcome,
        ruleId: e.ruleId,
        reason: e.reason[locale],
        quote: e.quote,
        principles: e.principles,
        asked: e.asked,
      }
    : {
        ruleVersion: version,
        complete: false,
        nextQuestion: {
          key: e.nextQuestion.key,
          text: e.nextQuestion.text[locale],
          help: e.nextQuestion.help?.[locale] ?? null,
        },
        outcome: null,
        ruleId: null,
        reason: null,
        quote: null,
        principles: [],
        asked: e.asked,
      };
}

export function rulebookRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['rulebook'];

  r.get(
    '/api/v1/rulebook',
    { schema: { tags, summary: 'The current triage rule set', response: { 200: rulebookSchema } } },
    async (request) => {
      requireActor(request);
      const current = await currentRulebook(ctx.db);
      const author = await ctx.db
        .selectFrom('rulebook_versions as v')
        .innerJoin('persons as p', 'p.id', 'v.created_by_id')
        .select('p.name')
        .where('v.version', '=', current.version)
        .executeTakeFirst();
      return { ...current, author: author?.name ?? null };
    },
  );

  r.post(
    '/api/v1/triage',
    {
      schema: {
        tags,
        summary: 'Wegweiser: the next question, or the process type with the reason and the quoted rule',
        body: triageBody,
        response: { 200: evaluationSchema },
      },
    },
    async (request) => {
      requireActor(request);
      const rb = request.body.ruleVersion
        ? await rulebookVersion(ctx.db, request.body.ruleVersion)
        : await currentRulebook(ctx.db);
      return presentEvaluation(rb.version, evaluate(rb.rules, request.body.answers), requestLocale(request));
    },
  );

  r.put(
    '/api/v1/admin/rulebook',
    {
      schema: {
        tags,
        summary: 'Publish a new rulebook version (validated)',
        body: publishRulebookBody,
        response: { 201: z.object({ version: z.number() }) },
      },
    },
    async (request, reply) => {
      const actor = requireAdmin(request);
      const version = await publishRulebook(ctx, actor, {
        rules: request.body.rules as RuleSet,
        note: request.body.note,
      });
      return reply.status(201).send({ version });
    },
  );

  r.post(
    '/api/v1/admin/rulebook/preview',
    {
      schema: {
        tags,
        summary: 'Validate a draft rule set and evaluate sample answers against it and the current rules',
        body: previewRulebookBody,
        response: {
          200: z.object({
            valid: z.boolean(),
            problems: z.array(z.object({ field: z.string(), message: z.string() })),
            results: z.array(
              z.object({
                answers: z.record(z.string(), z.boolean()),
                draft: evaluationSchema,
                current: evaluationSchema,
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      requireAdmin(request);
      const locale = requestLocale(request);
      const draft = request.body.rules as RuleSet;
      const problems = validateRuleSet(draft);
      const current = await currentRulebook(ctx.db);
      const results = problems.length
        ? []
        : request.body.cases.map((answers: Answers) => ({
            answers,
            draft: presentEvaluation(current.version + 1, evaluate(draft, answers), locale),
            current: presentEvaluation(current.version, evaluate(current.rules, answers), locale),
          }));
      return { valid: problems.length === 0, problems, results };
    },
  );

  r.get(
    '/api/v1/tickets/:number/rulebook',
    {
      schema: {
        tags,
        summary: 'Pre-announcement, routing, classifications and agenda proposals of a ticket',
        params: ticketNumberParams,
        response: { 200: ticketRulebookSchema },
      },
    },
    async (request) => loadTicketRulebook(ctx.db, requireActor(request), request.params.number),
  );

  r.post(
    '/api/v1/tickets/:number/routing',
    {
      schema: {
        tags,
        summary:
          'IT routes a project pre-announcement: digitalisation, directOrder or itCommittee, with a reason',
        params: ticketNumberParams,
        body: routingBody,
        response: { 201: ticketRulebookSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await routeTicket(ctx, actor, request.params.number, request.body);
      return reply.status(201).send(await loadTicketRulebook(ctx.db, actor, request.params.number));
    },
  );

  r.post(
    '/api/v1/tickets/:number/escalation',
    {
      schema: {
        tags,
        summary: 'Escalate a ticket to the IT committee (responsible IT staff or the department coordinator)',
        params: ticketNumberParams,
        body: escalationBody,
        response: { 201: ticketRulebookSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await escalateTicket(ctx, actor, request.params.number, request.body.reason);
      return reply.status(201).send(await loadTicketRulebook(ctx.db, actor, request.params.number));
    },
  );

  r.post(
    '/api/v1/tickets/:number/classification',
    {
      schema: {
        tags,
        summary: 'IT reclassifies the process type, with a reason',
        params: ticketNumberParams,
        body: classificationBody,
        response: { 200: ticketRulebookSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await reclassifyTicket(ctx, actor, request.params.number, request.body);
      return loadTicketRulebook(ctx.db, actor, request.params.number);
    },
  );
}
