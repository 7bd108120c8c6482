import type { AppContext } from '../../../context';
import { AppError } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { currentRulebook } from '../repository';
import { type RuleSet, validateRuleSet } from '../rules';

/** Admins publish a new version of the rules; older versions stay, tickets keep the one that classified them. */
export async function publishRulebook(
  ctx: AppContext,
  actor: Actor,
  input: { rules: RuleSet; note: string },
): Promise<number> {
  const problems = validateRuleSet(input.rules);
  if (problems.length)
    throw new AppError(
      422,
      'rulebookInvalid',
      { fields: problems.map((p) => p.message).join('; ') },
      problems.map((p) => ({ field: `body.rules.${p.field}`, message: p.message })),
    );
  const current = await currentRulebook(ctx.db);
  return ctx.db.transaction().execute(async (trx) => {
    // the unique version makes two concurrent publications collide (409) instead of both winning
    const row = await trx
      .insertInto('rulebook_versions')
      .values({
        version: current.version + 1,
        rules: JSON.stringify(input.rules),
        note: input.note,
        created_by_id: actor.id,
      })
      .returning('version')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      actor,
      'rulebook.publish',
      'rulebook',
      row.version,
      { version: current.version },
      {
        version: row.version,
        note: input.note,
      },
    );
    return row.version;
  });
}
