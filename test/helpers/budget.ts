import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema';
import { buildBudgetLine, buildBudgetPeriod } from '../../src/modules/budget/builders';
import { buildPerson } from '../../src/modules/org/builders';
import type { Tenant } from './tenant';

/** A tenant's department with a budget owner, a second owner, a line of 1,000 € and an approved item. */
export async function buildBudgetTenant(db: Kysely<DB>, tenant: Tenant, approvedCents = 100_000) {
  const owner = await buildPerson(db, {
    orgUnitId: tenant.department.id,
    roles: [{ role: 'requester' }, { role: 'budgetOwner', orgUnitId: tenant.department.id }],
  });
  const secondOwner = await buildPerson(db, {
    orgUnitId: tenant.department.id,
    roles: [{ role: 'requester' }, { role: 'budgetOwner', orgUnitId: tenant.department.id }],
  });
  const otherOwner = await buildPerson(db, {
    orgUnitId: tenant.otherDepartment.id,
    roles: [{ role: 'budgetOwner', orgUnitId: tenant.otherDepartment.id }],
  });
  const period = await buildBudgetPeriod(db);
  const line = await buildBudgetLine(db, {
    periodId: period.id,
    orgUnitId: tenant.department.id,
    years: [
      { year: 2026, plannedCents: approvedCents / 2 },
      { year: 2027, plannedCents: approvedCents / 2 },
    ],
    items: [{ name: 'Ersatz-Notebook Standard', unitPriceCents: 20_000, quantity: 3 }],
  });
  return { owner, secondOwner, otherOwner, period, line, item: line.items[0] };
}
