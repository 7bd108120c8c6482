import type { z } from 'zod';
import type { AppContext } from '../../../context';
import { AppError } from '../../../http/errors';
import type { Actor } from '../../auth/actor';
import { recordAudit } from '../../audit/audit-log';
import { invalidateReferenceData } from '../../tickets/reference-data';
import type {
  createStateBody,
  createTopicBody,
  putServiceTargetBody,
  updateStateBody,
  updateTopicBody,
} from '../schemas';

// Configuration changes by admins: each one audited with before/after, in one transaction.

export async function createState(ctx: AppContext, actor: Actor, input: z.infer<typeof createStateBody>) {
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('ticket_states')
      .values({
        key: input.key,
        name_de: input.nameDe,
        name_en: input.nameEn,
        state_type: input.type,
        position: input.position,
      })
      .execute();
    await recordAudit(trx, actor, 'settings.state.create', 'ticketState', input.key, null, input);
  });
  invalidateReferenceData(ctx.db);
}

export async function updateState(
  ctx: AppContext,
  actor: Actor,
  key: string,
  input: z.infer<typeof updateStateBody>,
) {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('ticket_states')
      .selectAll()
      .where('key', '=', key)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError(404, 'unknownState', { state: key });
    if (input.active === false) {
      // every state type that tickets can be created in or moved to must keep one active state
      const others = await trx
        .selectFrom('ticket_states')
        .select('id')
        .where('state_type', '=', before.state_type)
        .where('active', '=', true)
        .where('key', '!=', key)
        .execute();
      if (others.length === 0) throw new AppError(422, 'lastStateOfType', { type: before.state_type });
    }
    await trx
      .updateTable('ticket_states')
      .set({
        ...(input.nameDe !== undefined ? { name_de: input.nameDe } : {}),
        ...(input.nameEn !== undefined ? { name_en: input.nameEn } : {}),
        ...(input.position !== undefined ? { position: input.position } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
      })
      .where('key', '=', key)
      .execute();
    await recordAudit(trx, actor, 'settings.state.update', 'ticketState', key, before, input);
  });
  invalidateReferenceData(ctx.db);
}

export async function createTopic(ctx: AppContext, actor: Actor, input: z.infer<typeof createTopicBody>) {
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('topics')
      .values({ key: input.key, name_de: input.nameDe, name_en: input.nameEn, group_id: input.groupId })
      .execute();
    await recordAudit(trx, actor, 'settings.topic.create', 'topic', input.key, null, input);
  });
  invalidateReferenceData(ctx.db);
}

export async function updateTopic(
  ctx: AppContext,
  actor: Actor,
  key: string,
  input: z.infer<typeof updateTopicBody>,
) {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('topics')
      .selectAll()
      .where('key', '=', key)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError(404, 'unknownTopic', { topic: key });
    await trx
      .updateTable('topics')
      .set({
        ...(input.nameDe !== undefined ? { name_de: input.nameDe } : {}),
        ...(input.nameEn !== undefined ? { name_en: input.nameEn } : {}),
        ...(input.groupId !== undefined ? { group_id: input.groupId } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
      })
      .where('key', '=', key)
      .execute();
    await recordAudit(trx, actor, 'settings.topic.update', 'topic', key, before, input);
  });
  invalidateReferenceData(ctx.db);
}

/** Upsert one service target; applies to tickets created (or re-prioritised) afterwards. */
export async function putServiceTarget(
  ctx: AppContext,
  actor: Actor,
  input: z.infer<typeof putServiceTargetBody>,
) {
  await ctx.db.transaction().execute(async (trx) => {
    const topic = input.topic
      ? await trx.selectFrom('topics').select('id').where('key', '=', input.topic).executeTakeFirst()
      : null;
    if (input.topic && !topic) {
      throw new AppError(422, 'unknownTopic', { topic: input.topic }, [
        { field: 'body.topic', message: 'unknown topic' },
      ]);
    }
    const existing = await trx
      .selectFrom('service_targets')
      .selectAll()
      .where('priority', '=', input.priority)
      .where((eb) => (topic ? eb('topic_id', '=', topic.id) : eb('topic_id', 'is', null)))
      .forUpdate()
      .executeTakeFirst();
    const values = {
      first_response_minutes: input.firstResponseMinutes,
      resolution_minutes: input.resolutionMinutes,
    };
    if (existing)
      await trx.updateTable('service_targets').set(values).where('id', '=', existing.id).execute();
    else
      await trx
        .insertInto('service_targets')
        .values({ priority: input.priority, topic_id: topic?.id ?? null, ...values })
        .execute();
    await recordAudit(
      trx,
      actor,
      'settings.serviceTarget.put',
      'serviceTarget',
      `${input.priority}/${input.topic ?? '*'}`,
      existing ?? null,
      input,
    );
  });
  invalidateReferenceData(ctx.db);
}
