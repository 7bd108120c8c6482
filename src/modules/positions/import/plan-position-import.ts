import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema';
import type { RowError } from '../../assets/import/asset-row';
import type { PositionType } from '../tables';
import type { PositionImportValues } from './position-row';

type Db = Kysely<DB> | Transaction<DB>;

export interface PositionPlanRow {
  line: number;
  positionNumber: string | null;
  action: 'create' | 'update' | 'unchanged' | 'error';
  changes: string[];
  holder: { login: string; action: 'open' | 'keep' } | null;
  person: 'create' | 'update' | null;
  errors: RowError[];
}

export interface PositionWrite {
  number: string;
  positionId: number | null;
  orgUnitId: number;
  title: string;
  positionType: PositionType;
  ftePercent: number;
}

export interface Closure {
  positionNumber: string;
  positionId: number;
  login: string | null;
  personId: number | null;
  /** the whole position is closed (closeMissing), not only one holder */
  closesPosition: boolean;
}

export interface PositionPlan {
  rows: PositionPlanRow[];
  positions: PositionWrite[];
  persons: {
    login: string;
    personId: number | null;
    name: string;
    email: string | null;
    orgUnitId: number;
  }[];
  openings: { positionNumber: string; login: string; validFrom: string; sharePercent: number }[];
  closures: Closure[];
}

interface ValidatedRow {
  line: number;
  values: PositionImportValues;
  errors: RowError[];
}

/** Holders of listed positions, by position and person: collected over the batches for the closures. */
type HolderRow = { position_number: string; position_id: number; person_id: number; login: string };

/**
 * Staff-plan import, planned batch by batch with a fixed number of bulk reads per batch: positions
 * to create or update, persons to create or update, holders to open, and (in `finish`) closures —
 * the current holders of a listed position whom the file no longer names, and (closeMissing)
 * positions of the listed org units the file no longer contains. The state that spans rows
 * (first row of a number, named holders, shares, planned persons) lives in the planner, so a
 * number whose rows fall into two batches is planned as if the file were read at once.
 */
export function createPositionPlanner(options: { closeMissing: boolean; today: string }) {
  const plan: PositionPlan = { rows: [], positions: [], persons: [], openings: [], closures: [] };
  const firstOf = new Map<string, { values: PositionImportValues; write: PositionWrite }>();
  const namedHolders = new Map<string, Set<string>>();
  const shares = new Map<string, number>();
  const personPlanned = new Set<string>();
  const allHolders = new Map<string, HolderRow>();
  const allNumbers = new Set<string>();

  async function planBatch(db: Db, rows: ValidatedRow[]): Promise<PositionPlanRow[]> {
    const out: PositionPlanRow[] = [];
    const numbers = [
      ...new Set(rows.flatMap((r) => (r.values.positionNumber ? [r.values.positionNumber] : []))),
    ];
    const logins = [...new Set(rows.flatMap((r) => (r.values.login ? [r.values.login.toLowerCase()] : [])))];
    const unitKeys = [...new Set(rows.flatMap((r) => (r.values.orgUnit ? [r.values.orgUnit] : [])))];
    const [units, positions, persons, holders] = await Promise.all([
      unitKeys.length
        ? db
            .selectFrom('org_units')
            .select(['id', 'code', 'name'])
            .where((eb) => eb.or([eb('code', 'in', unitKeys), eb('name', 'in', unitKeys)]))
            .execute()
        : Promise.resolve([]),
      numbers.length
        ? db
            .selectFrom('positions')
            .select([
              'id',
              'position_number',
              'org_unit_id',
              'title',
              'position_type',
              'fte_percent',
              sql<string | null>`closed_on::text`.as('closed_on'),
            ])
            .where('position_number', 'in', numbers)
            .execute()
        : Promise.resolve([]),
      logins.length
        ? db
            .selectFrom('persons')
            .select(['id', 'login', 'name', 'email'])
            .where(sql<string>`lower(login)`, 'in', logins)
            .execute()
        : Promise.resolve([]),
      numbers.length
        ? db
            .selectFrom('position_holders as h')
            .innerJoin('positions as pos', 'pos.id', 'h.position_id')
            .innerJoin('persons as p', 'p.id', 'h.person_id')
            .select(['pos.position_number', 'h.position_id', 'h.person_id', 'p.login', 'h.share_percent'])
            .where('pos.position_number', 'in', numbers)
            .where((eb) => eb.or([eb('h.valid_to', 'is', null), eb('h.valid_to', '>=', options.today)]))
            .execute()
        : Promise.resolve([]),
    ]);
    const unitBy = new Map<string, number>();
    for (const u of units) {
      unitBy.set(u.name, u.id);
      if (u.code) unitBy.set(u.code, u.id);
    }
    const positionBy = new Map(positions.map((p) => [p.position_number, p]));
    const personBy = new Map(persons.map((p) => [p.login.toLowerCase(), p]));

    for (const h of holders) allHolders.set(`${h.position_id}:${h.person_id}`, h);
    for (const n of numbers) allNumbers.add(n);
    for (const row of rows) {
      const v = row.values;
      const errors = [...row.errors];
      const number = v.positionNumber ?? null;
      const existing = number ? positionBy.get(number) : undefined;
      const first = number ? firstOf.get(number) : undefined;
      let orgUnitId: number | undefined = first?.write.orgUnitId ?? existing?.org_unit_id;
      if (v.orgUnit) {
        orgUnitId = unitBy.get(v.orgUnit);
        if (orgUnitId === undefined)
          errors.push({
            code: 'unknownOrgUnit',
            field: 'orgUnit',
            message: `Unbekannte Organisationseinheit „${v.orgUnit}“.`,
          });
      } else if (!existing && !first)
        errors.push({
          code: 'missingValue',
          field: 'orgUnit',
          message: 'Für eine neue Stelle fehlt die Organisationseinheit.',
        });
      if (!existing && !v.title && !first)
        errors.push({
          code: 'missingValue',
          field: 'title',
          message: 'Für eine neue Stelle fehlt die Stellenbezeichnung.',
        });
      if (first) {
        const f = first.values;
        const conflicts = (['orgUnit', 'title', 'positionType', 'ftePercent'] as const).filter(
          (k) => v[k] !== undefined && f[k] !== undefined && v[k] !== f[k],
        );
        if (conflicts.length)
          errors.push({
            code: 'duplicatePositionNumber',
            field: 'positionNumber',
            message: `Stellenplannummer ${number} kommt mehrfach mit abweichenden Angaben vor (${conflicts.join(', ')}).`,
          });
      }
      let person: PositionPlanRow['person'] = null;
      let holder: PositionPlanRow['holder'] = null;
      if (v.login && number) {
        const key = v.login.toLowerCase();
        const known = personBy.get(key);
        if (!known && !v.holderName)
          errors.push({
            code: 'missingValue',
            field: 'holderName',
            message: `Unbekannte Kennung „${v.login}“ und kein Name zum Anlegen.`,
          });
        const fte = v.ftePercent ?? first?.write.ftePercent ?? existing?.fte_percent ?? 100;
        const taken = (shares.get(number) ?? 0) + (v.sharePercent ?? 100);
        if (taken > fte)
          errors.push({
            code: 'positionOverbooked',
            field: 'share',
            message: `Die Inhaber teilen mehr als ${fte} % der Stelle.`,
          });
        if (!errors.length) {
          shares.set(number, taken);
          const isHolder = holders.some((h) => h.position_number === number && h.login.toLowerCase() === key);
          holder = { login: v.login, action: isHolder ? 'keep' : 'open' };
          if (!isHolder)
            plan.openings.push({
              positionNumber: number,
              login: v.login,
              validFrom: v.validFrom ?? options.today,
              sharePercent: v.sharePercent ?? 100,
            });
          if (!personPlanned.has(key)) {
            personPlanned.add(key);
            if (!known) person = 'create';
            else if ((v.holderName && v.holderName !== known.name) || (v.email && v.email !== known.email))
              person = 'update';
            if (person)
              plan.persons.push({
                login: v.login,
                personId: known?.id ?? null,
                name: v.holderName ?? known?.name ?? v.login,
                email: v.email ?? known?.email ?? null,
                orgUnitId: orgUnitId as number,
              });
          }
          const set = namedHolders.get(number) ?? new Set<string>();
          set.add(key);
          namedHolders.set(number, set);
        }
      } else if (number && !errors.length && !namedHolders.has(number)) namedHolders.set(number, new Set());
      if (existing?.closed_on && !errors.length)
        errors.push({
          code: 'positionClosed',
          field: 'positionNumber',
          message: `Die Stelle ${number} ist geschlossen.`,
        });

      if (errors.length || !number) {
        out.push({
          line: row.line,
          positionNumber: number,
          action: 'error',
          changes: [],
          holder: null,
          person: null,
          errors,
        });
        continue;
      }
      if (first) {
        out.push({
          line: row.line,
          positionNumber: number,
          action: 'unchanged',
          changes: [],
          holder,
          person,
          errors: [],
        });
        continue;
      }
      const write: PositionWrite = {
        number,
        positionId: existing?.id ?? null,
        orgUnitId: orgUnitId as number,
        title: v.title ?? existing?.title ?? '',
        positionType: v.positionType ?? existing?.position_type ?? 'standardWorkplace',
        ftePercent: v.ftePercent ?? existing?.fte_percent ?? 100,
      };
      firstOf.set(number, { values: v, write });
      const changes = existing
        ? [
            ...(write.orgUnitId !== existing.org_unit_id ? ['orgUnit'] : []),
            ...(write.title !== existing.title ? ['title'] : []),
            ...(write.positionType !== existing.position_type ? ['positionType'] : []),
            ...(write.ftePercent !== existing.fte_percent ? ['fte'] : []),
          ]
        : [];
      if (!existing || changes.length) plan.positions.push(write);
      out.push({
        line: row.line,
        positionNumber: number,
        action: !existing ? 'create' : changes.length ? 'update' : 'unchanged',
        changes,
        holder,
        person,
        errors: [],
      });
    }

    return out;
  }

  async function finish(db: Db): Promise<PositionPlan> {
    const holders = [...allHolders.values()];
    const numbers = [...allNumbers];
    // holders the file no longer names (a row without a login means: vacant)
    for (const h of holders) {
      const named = namedHolders.get(h.position_number);
      if (named && !named.has(h.login.toLowerCase()))
        plan.closures.push({
          positionNumber: h.position_number,
          positionId: h.position_id,
          login: h.login,
          personId: h.person_id,
          closesPosition: false,
        });
    }
    if (options.closeMissing) {
      const coveredUnits = [...new Set([...firstOf.values()].map((f) => f.write.orgUnitId))];
      if (coveredUnits.length) {
        const missing = await db
          .selectFrom('positions')
          .select(['id', 'position_number'])
          .where('org_unit_id', 'in', coveredUnits)
          .where('closed_on', 'is', null)
          .where('position_number', 'not in', numbers.length ? numbers : [''])
          .execute();
        for (const m of missing)
          plan.closures.push({
            positionNumber: m.position_number,
            positionId: m.id,
            login: null,
            personId: null,
            closesPosition: true,
          });
      }
    }
    return plan;
  }

  return { planBatch, finish };
}

/** Plans a whole file at once (small files and tests); the import worker uses the planner per batch. */
export async function planPositionImport(
  db: Db,
  rows: ValidatedRow[],
  options: { closeMissing: boolean; today: string },
): Promise<PositionPlan> {
  const planner = createPositionPlanner(options);
  const planned = await planner.planBatch(db, rows);
  const plan = await planner.finish(db);
  return { ...plan, rows: planned };
}
