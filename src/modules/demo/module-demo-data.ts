import type { AppContext } from '../../context';
import { loadMailDemoData } from '../mail/demo-data';
import { loadBudgetDemoData } from '../budget/demo-data';
import { loadCommitteesDemoData } from '../committees/demo-data';
import { loadApplicationDemoData } from '../applications/demo-data';
import { loadAssetDemoData } from '../assets/demo-data';
import { loadAppointmentsDemoData } from '../appointments/demo-data';

/** Ids of the core demo data by their stable names, for the demo data of later modules. */
export interface DemoRefs {
  /** person id by login (admin, sb50, budget50, it-sb, …) */
  person(login: string): number;
  /** org unit id by code ('50', '50.1', '32', 'IT', '04', …) */
  orgUnit(code: string): number;
}

async function loadDemoRefs(ctx: AppContext): Promise<DemoRefs> {
  const persons = await ctx.db.selectFrom('persons').select(['id', 'login']).execute();
  const units = await ctx.db
    .selectFrom('org_units')
    .select(['id', 'code'])
    .where('code', 'is not', null)
    .execute();
  const byLogin = new Map(persons.map((p) => [p.login, p.id]));
  const byCode = new Map(units.map((u) => [u.code as string, u.id]));
  const get = (map: Map<string, number>, key: string, what: string) => {
    const id = map.get(key);
    if (id === undefined) throw new Error(`demo data: no ${what} "${key}"`);
    return id;
  };
  return {
    person: (login) => get(byLogin, login, 'person'),
    orgUnit: (code) => get(byCode, code, 'org unit'),
  };
}

/**
 * The demo data of the modules built on the core (budget, committees, assets, appointments, mail).
 * Each module adds one line; the core demo (org tree, accounts, tickets) is loaded before.
 */
export async function loadModuleDemoData(ctx: AppContext): Promise<void> {
  const refs = await loadDemoRefs(ctx);
  await loadMailDemoData(ctx, refs);
  await loadBudgetDemoData(ctx, refs);
  await loadCommitteesDemoData(ctx, refs);
  await loadAssetDemoData(ctx, refs);
  await loadApplicationDemoData(ctx, refs);
  await loadAppointmentsDemoData(ctx, refs);
}
