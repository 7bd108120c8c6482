import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../http/errors';
import { defaultRuleSet } from './default-rules';
import { type RuleSet, ruleSetSchema } from './rules';

type Db = Kysely<DB> | Transaction<DB>;

export interface RulebookVersion {
  version: number;
  rules: RuleSet;
  note: string;
  createdAt: Date;
}

// Versions never change once written, so parsed rule sets are cached by version for the process.
const parsed = new Map<number, RuleSet>();

function toVersion(row: {
  version: number;
  rules: unknown;
  note: string;
  created_at: Date;
}): RulebookVersion {
  let rules = parsed.get(row.version);
  if (!rules) {
    rules = ruleSetSchema.parse(row.rules);
    parsed.set(row.version, rules);
  }
  return { version: row.version, rules, note: row.note, createdAt: row.created_at };
}

/** The newest published rule set; the seed's rules become version 1 on first use. */
export async function currentRulebook(db: Db): Promise<RulebookVersion> {
  const latest = () =>
    db
      .selectFrom('rulebook_versions')
      .select(['version', 'rules', 'note', 'created_at'])
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
  let row = await latest();
  if (!row) {
    await db
      .insertInto('rulebook_versions')
      .values({
        version: 1,
        rules: JSON.stringify(defaultRuleSet),
        note: 'Regelwerk nach Prozessmodell (§1.1, §2)',
      })
      .onConflict((oc) => oc.column('version').doNothing())
      .execute();
    row = await latest();
  }
  if (!row) throw new Error('rulebook missing');
  return toVersion(row);
}

export async function rulebookVersion(db: Db, version: number): Promise<RulebookVersion> {
  const row = await db
    .selectFrom('rulebook_versions')
    .select(['version', 'rules', 'note', 'created_at'])
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new AppError(422, 'ruleVersionUnknown', { version });
  return toVersion(row);
}

/** The Amt (department) of an org unit: the nearest ancestor-or-self of kind department. */
export async function departmentOf(db: Db, orgUnitId: number | null): Promise<number | null> {
  if (orgUnitId === null) return null;
  const { rows } = await sql<{ id: number }>`
    SELECT a.id FROM org_units u JOIN org_units a ON u.path LIKE a.path || '%'
    WHERE u.id = ${orgUnitId} AND a.kind = 'department'
    ORDER BY length(a.path) DESC LIMIT 1`.execute(db);
  return rows[0]?.id ?? orgUnitId;
}
