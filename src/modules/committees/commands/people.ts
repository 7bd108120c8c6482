import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema';
import { AppError } from '../../../http/errors';

/** 422 naming every field whose person does not exist or is no longer active. */
export async function requireActivePersons(
  db: Kysely<DB> | Transaction<DB>,
  people: { id: number; field: string }[],
): Promise<Map<number, { id: number; name: string; email: string | null }>> {
  const ids = [...new Set(people.map((p) => p.id))];
  const rows = ids.length
    ? await db
        .selectFrom('persons')
        .select(['id', 'name', 'email'])
        .where('id', 'in', ids)
        .where('active', '=', true)
        .execute()
    : [];
  const found = new Map(rows.map((r) => [r.id, r]));
  const errors = people
    .filter((p) => !found.has(p.id))
    .map((p) => ({ field: p.field, message: 'no active person with this id' }));
  if (errors.length > 0)
    throw new AppError(422, 'personNotActive', { fields: errors.map((e) => e.field).join(', ') }, errors);
  return found;
}
