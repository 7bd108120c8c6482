import type { AppContext } from '../../../context';
import { notFound } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../actor';

/** Revokes one of the caller's own tokens; someone else's or an unknown id is 404. */
export async function revokeToken(ctx: AppContext, actor: Actor, id: number) {
  const done = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('id', '=', id)
      .where('person_id', '=', actor.id)
      .where('revoked_at', 'is', null)
      .returning(['id'])
      .executeTakeFirst();
    if (row) await recordAudit(trx, actor, 'apiToken.revoke', 'apiToken', row.id, null, null);
    return row;
  });
  if (!done) throw notFound();
}
