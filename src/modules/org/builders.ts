import type { Kysely, Transaction } from 'kysely';
import type { DB, OrgUnitKind, Role } from '../../db/schema';
import { hashPassword } from '../auth/passwords';

// Builders with overrides: used by the demo data, the CLI and the tests (each test builds its own org unit).
type Db = Kysely<DB> | Transaction<DB>;
let counter = 0;
const unique = (prefix: string) =>
  `${prefix}${Date.now().toString(36)}${(++counter).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export async function buildOrgUnit(
  db: Db,
  overrides: { name?: string; kind?: OrgUnitKind; code?: string | null; parentId?: number | null } = {},
) {
  const parent = overrides.parentId
    ? await db
        .selectFrom('org_units')
        .select(['id', 'path'])
        .where('id', '=', overrides.parentId)
        .executeTakeFirstOrThrow()
    : null;
  const row = await db
    .insertInto('org_units')
    .values({
      name: overrides.name ?? unique('Amt '),
      kind: overrides.kind ?? 'department',
      code: overrides.code ?? null,
      parent_id: parent?.id ?? null,
      path: '/',
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  const path = `${parent?.path ?? '/'}${row.id}/`;
  await db.updateTable('org_units').set({ path }).where('id', '=', row.id).execute();
  return { id: row.id, path };
}

export async function buildGroup(
  db: Db,
  overrides: { key?: string; name?: string; orgUnitId?: number | null; isDefault?: boolean } = {},
) {
  const key = overrides.key ?? unique('group-');
  return db
    .insertInto('groups')
    .values({
      key,
      name: overrides.name ?? key,
      org_unit_id: overrides.orgUnitId ?? null,
      is_default: overrides.isDefault ?? false,
    })
    .returning(['id', 'key', 'name'])
    .executeTakeFirstOrThrow();
}

export async function buildTopic(
  db: Db,
  overrides: { groupId: number; key?: string; nameDe?: string; nameEn?: string },
) {
  const key = overrides.key ?? unique('topic-');
  return db
    .insertInto('topics')
    .values({
      key,
      name_de: overrides.nameDe ?? key,
      name_en: overrides.nameEn ?? key,
      group_id: overrides.groupId,
    })
    .returning(['id', 'key', 'group_id'])
    .executeTakeFirstOrThrow();
}

const hashCache = new Map<string, Promise<string>>();

export interface PersonOverrides {
  login?: string;
  name?: string;
  email?: string | null;
  orgUnitId?: number | null;
  password?: string;
  locale?: 'de' | 'en';
  roles?: { role: Role; orgUnitId?: number | null }[];
  groupIds?: number[];
}

export async function buildPerson(db: Db, overrides: PersonOverrides = {}) {
  const login = overrides.login ?? unique('u');
  const password = overrides.password ?? 'demo';
  // hashing is deliberately slow (argon2id); the same password is hashed once per process
  if (!hashCache.has(password)) hashCache.set(password, hashPassword(password));
  const person = await db
    .insertInto('persons')
    .values({
      login,
      name: overrides.name ?? login,
      email: overrides.email === undefined ? `${login}@example.org` : overrides.email,
      org_unit_id: overrides.orgUnitId ?? null,
      password_hash: await hashCache.get(password),
      locale: overrides.locale ?? 'de',
    })
    .returning(['id', 'login'])
    .executeTakeFirstOrThrow();
  const roles = overrides.roles ?? [{ role: 'requester' as Role }];
  if (roles.length) {
    await db
      .insertInto('role_assignments')
      .values(roles.map((r) => ({ person_id: person.id, role: r.role, org_unit_id: r.orgUnitId ?? null })))
      .execute();
  }
  if (overrides.groupIds?.length) {
    await db
      .insertInto('group_members')
      .values(overrides.groupIds.map((groupId) => ({ group_id: groupId, person_id: person.id })))
      .execute();
  }
  return { ...person, password };
}
