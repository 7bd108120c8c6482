import { sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, type FieldError } from '../../http/errors';
import { type BusinessCalendar, isWorkingDay } from '../../shared/working-time';
import type { Actor } from '../auth/actor';
import type { CreateTicketInput } from '../tickets/commands/create-ticket';
import type { createTicketBody } from '../tickets/schemas';
import { rulebookVersion } from './repository';
import { evaluate } from './rules';

type CreateTicketBody = z.infer<typeof createTicketBody>;

/** End of business of the n-th working day after `from` — when IT must have answered a pre-announcement. */
export function answerDueAt(from: Date, workingDays: number, cal: BusinessCalendar): Date {
  const day = new Date(from.getFullYear(), from.getMonth(), from.getDate());
  let counted = 0;
  for (let i = 0; i < 366 && counted < workingDays; i++) {
    day.setDate(day.getDate() + 1);
    if (isWorkingDay(day, cal)) counted++;
  }
  const windows = cal.hours[day.getDay()] ?? [];
  const endMinute = windows.length ? windows[windows.length - 1][1] : 24 * 60;
  return new Date(
    day.getFullYear(),
    day.getMonth(),
    day.getDate(),
    Math.floor(endMinute / 60),
    endMinute % 60,
  );
}

/**
 * What the rulebook adds to filing a ticket: the Wegweiser's classification (rule version recorded)
 * and, for a project, the mandatory pre-announcement with IT's answer time — written in the
 * ticket's own transaction through `afterInsert`.
 */
export async function rulebookTicketInput(
  ctx: AppContext,
  actor: Actor,
  body: CreateTicketBody,
): Promise<CreateTicketInput> {
  const { preAnnouncement, triage, processType: requested, ...rest } = body;
  const rulebook = triage ? await rulebookVersion(ctx.db, triage.ruleVersion) : null;
  const evaluation = rulebook && triage ? evaluate(rulebook.rules, triage.answers) : null;
  if (evaluation && !evaluation.complete)
    throw new AppError(422, 'triageIncomplete', { question: evaluation.nextQuestion.text[actor.locale] }, [
      { field: `body.triage.answers.${evaluation.nextQuestion.key}`, message: 'unanswered' },
    ]);
  const processType =
    requested ?? (evaluation?.complete ? evaluation.outcome : preAnnouncement ? 'project' : 'support');

  let pre: {
    description: string;
    urgency: 'itCommittee' | 'digitalisation';
    technicalSketch: string | null;
  } | null = null;
  if (processType === 'project') {
    const missing: FieldError[] = [];
    if (!preAnnouncement?.description?.trim())
      missing.push({ field: 'body.preAnnouncement.description', message: 'required' });
    if (!preAnnouncement?.urgency)
      missing.push({ field: 'body.preAnnouncement.urgency', message: 'required' });
    if (missing.length || !preAnnouncement?.description || !preAnnouncement.urgency)
      throw new AppError(
        422,
        'preAnnouncementIncomplete',
        { fields: missing.map((m) => m.field.replace('body.preAnnouncement.', '')).join(', ') },
        missing,
      );
    pre = {
      description: preAnnouncement.description.trim(),
      urgency: preAnnouncement.urgency,
      technicalSketch: preAnnouncement.technicalSketch?.trim() || null,
    };
  }
  const createdAt = new Date();
  const due = pre ? answerDueAt(createdAt, ctx.config.preAnnouncementAnswerDays, ctx.calendar) : null;
  return {
    ...rest,
    description: rest.description || pre?.description || '',
    processType,
    createdAt,
    // only when there is something to write: a plain ticket needs no transaction of its own (create-ticket.ts)
    afterInsert:
      !(pre && due) && !(rulebook && evaluation?.complete && triage)
        ? undefined
        : async (trx, ticket) => {
            if (pre && due) {
              await trx
                .insertInto('pre_announcements')
                .values({
                  ticket_id: ticket.id,
                  description: pre.description,
                  urgency: pre.urgency,
                  technical_sketch: pre.technicalSketch,
                  answer_due_at: due,
                })
                .execute();
              // IT's answer is the first response: the ticket's own due mechanism flags it when late
              await trx
                .updateTable('tickets')
                .set({
                  first_response_due_at: due,
                  resolution_due_at: sql`greatest(resolution_due_at, ${due})`,
                })
                .where('id', '=', ticket.id)
                .execute();
            }
            if (rulebook && evaluation?.complete && triage) {
              await trx
                .insertInto('ticket_classifications')
                .values({
                  ticket_id: ticket.id,
                  kind: 'triage',
                  rule_version: rulebook.version,
                  rule_id: evaluation.ruleId,
                  outcome: evaluation.outcome,
                  answers: JSON.stringify(triage.answers),
                  reason: evaluation.reason.de,
                  actor_id: actor.id,
                })
                .execute();
            }
          },
  };
}
