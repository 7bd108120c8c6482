import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor';
import { canSee, ticketPermissions, worksTicket } from './policy';

const actor = (overrides: Partial<Actor>): Actor => ({
  id: 1,
  login: 'x',
  name: 'X',
  email: null,
  locale: 'de',
  orgUnitId: null,
  orgUnitName: null,
  roles: [],
  groupIds: [],
  coordinatedOrgUnitIds: [],
  headedGroupIds: [],
  isAdmin: false,
  isAgent: false,
  ...overrides,
});

const ticket = { requester_id: 10, requester_org_unit_id: 50, group_id: 7, state_type: 'open' };

describe('ticket policy', () => {
  it.each([
    ['the requester', actor({ id: 10 }), true, false],
    ['a colleague in the same org unit', actor({ id: 11, orgUnitId: 50 }), false, false],
    ['the coordinator of the org unit', actor({ id: 12, coordinatedOrgUnitIds: [49, 50] }), true, false],
    ['a coordinator of another unit', actor({ id: 13, coordinatedOrgUnitIds: [60] }), false, false],
    ['an agent of the group', actor({ id: 20, groupIds: [7], isAgent: true }), true, true],
    ['an agent of another group', actor({ id: 21, groupIds: [8], isAgent: true }), false, false],
    ['the IT head over the group', actor({ id: 22, headedGroupIds: [7, 8], isAgent: true }), true, true],
    ['an admin', actor({ id: 99, isAdmin: true, isAgent: true }), true, true],
  ])('%s: sees %s, works %s', (_who, a, sees, works) => {
    expect(canSee(a, ticket)).toBe(sees);
    expect(worksTicket(a, ticket)).toBe(works);
    const can = ticketPermissions(a, ticket);
    expect(can.reply).toBe(sees);
    expect(can.note).toBe(works);
    expect(can.assign).toBe(works);
    expect(can.changeState).toBe(works);
  });

  it('allows nothing on a merged ticket', () => {
    const can = ticketPermissions(actor({ isAdmin: true }), { ...ticket, state_type: 'merged' });
    expect(Object.values(can).every((v) => v === false)).toBe(true);
  });

  it('a ticket without a group is worked by admins only', () => {
    const orphan = { ...ticket, group_id: null };
    expect(worksTicket(actor({ groupIds: [7], isAgent: true }), orphan)).toBe(false);
    expect(worksTicket(actor({ isAdmin: true }), orphan)).toBe(true);
  });
});
