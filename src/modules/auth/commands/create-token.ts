import type { AppContext } from '../../../context';
import { AppError } from '../../../http/errors';
import { randomToken, sha256 } from '../../../shared/tokens';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../actor';
import { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS } from '../schemas';
import { DEFAULT_TOKEN_SCOPES, TOKEN_SCOPES } from '../token-scopes';

export interface CreateTokenInput {
  name: string;
  scopes?: string[];
  expiresAt?: Date;
  expiresInDays?: number;
}

/** A personal API token of the signed-in person; the secret is returned once, only its hash is kept. */
export async function createToken(ctx: AppContext, actor: Actor, input: CreateTokenInput) {
  const now = Date.now();
  const expiresAt =
    input.expiresAt ?? new Date(now + (input.expiresInDays ?? TOKEN_DEFAULT_DAYS) * 86_400_000);
  // a minute of leeway for the client's clock and the way there
  if (expiresAt.getTime() <= now || expiresAt.getTime() > now + TOKEN_MAX_DAYS * 86_400_000 + 60_000)
    throw new AppError(422, 'tokenExpiryOutOfRange', { maxDays: TOKEN_MAX_DAYS });
  // in the fixed order of TOKEN_SCOPES, each once
  const wanted = new Set(input.scopes ?? DEFAULT_TOKEN_SCOPES);
  const scopes = TOKEN_SCOPES.filter((s) => wanted.has(s));
  const token = `amt_${randomToken()}`;
  const row = await ctx.db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto('api_tokens')
      .values({
        person_id: actor.id,
        name: input.name,
        token_hash: sha256(token),
        expires_at: expiresAt,
        scopes,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, 'apiToken.create', 'apiToken', created.id, null, {
      name: created.name,
      scopes,
      expiresAt: expiresAt.toISOString(),
    });
    return created;
  });
  return { row, token };
}
