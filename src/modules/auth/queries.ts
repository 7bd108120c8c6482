import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/** The person's tokens that were not revoked (expired ones too, so the list says they expired). */
export function listTokens(db: Kysely<DB>, personId: number) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'scopes', 'created_at', 'last_used_at', 'expires_at'])
    .where('person_id', '=', personId)
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .execute();
}
