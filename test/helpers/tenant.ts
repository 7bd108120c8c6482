import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema';
import { buildGroup, buildOrgUnit, buildPerson, buildTopic } from '../../src/modules/org/builders';

/**
 * A fresh slice of an administration for one test: a department with a section, an IT group with a
 * topic, and the people around them. Nothing is shared between tests, so they run in any order.
 */
export async function buildTenant(db: Kysely<DB>) {
  const department = await buildOrgUnit(db, { kind: 'department' });
  const section = await buildOrgUnit(db, { kind: 'section', parentId: department.id });
  const otherDepartment = await buildOrgUnit(db, { kind: 'department' });
  const itUnit = await buildOrgUnit(db, { kind: 'department', name: 'IT' });
  const group = await buildGroup(db, { orgUnitId: itUnit.id });
  const otherGroup = await buildGroup(db, { orgUnitId: itUnit.id });
  const topic = await buildTopic(db, { groupId: group.id, nameDe: 'Drucker', nameEn: 'Printers' });
  const otherTopic = await buildTopic(db, { groupId: otherGroup.id });
  const requester = await buildPerson(db, { orgUnitId: section.id, name: 'Sabine Berger' });
  const colleague = await buildPerson(db, { orgUnitId: section.id });
  const outsider = await buildPerson(db, { orgUnitId: otherDepartment.id });
  const coordinator = await buildPerson(db, {
    orgUnitId: department.id,
    roles: [{ role: 'requester' }, { role: 'coordinator', orgUnitId: department.id }],
  });
  const agent = await buildPerson(db, {
    orgUnitId: itUnit.id,
    roles: [{ role: 'agent' }],
    groupIds: [group.id],
    name: 'Jonas Weber',
  });
  const otherAgent = await buildPerson(db, {
    orgUnitId: itUnit.id,
    roles: [{ role: 'agent' }],
    groupIds: [otherGroup.id],
  });
  const itHead = await buildPerson(db, {
    orgUnitId: itUnit.id,
    roles: [{ role: 'agent' }, { role: 'itHead', orgUnitId: itUnit.id }],
  });
  return {
    department,
    section,
    otherDepartment,
    itUnit,
    group,
    otherGroup,
    topic,
    otherTopic,
    requester,
    colleague,
    outsider,
    coordinator,
    agent,
    otherAgent,
    itHead,
  };
}

export type Tenant = Awaited<ReturnType<typeof buildTenant>>;
