import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTenant } from '../../../test/helpers/tenant';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { buildPosition } from '../positions/builders';
import { buildAsset } from './builders';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

async function setup() {
  const tenant = await buildTenant(t.ctx.db);
  const db = t.ctx.db;
  const p1 = await buildPosition(db, {
    orgUnitId: tenant.section.id,
    title: 'Sachbearbeitung Grundsicherung',
    holders: [{ personId: tenant.requester.id }],
  });
  const p2 = await buildPosition(db, { orgUnitId: tenant.department.id, positionType: 'mobileWorkplace' });
  const other = await buildPosition(db, { orgUnitId: tenant.otherDepartment.id });
  const laptop = await buildAsset(db, { positionId: p1.id, type: 'laptop', serialNumber: 'SN-A' });
  const phone = await buildAsset(db, { type: 'smartphone' });
  const otherMonitor = await buildAsset(db, { positionId: other.id, type: 'monitor' });
  const login = async (p: { login: string }) => as(t.app, await signIn(t.app, p.login));
  return {
    tenant,
    p1,
    p2,
    other,
    laptop,
    phone,
    otherMonitor,
    requester: await login(tenant.requester),
    agent: await login(tenant.agent),
  };
}

describe('equipment bound to positions', () => {
  it('shows the caller positions in /me and the position with holders and assets', async () => {
    const s = await setup();
    const me = (await s.requester({ url: '/api/v1/me' })).json();
    expect(me.positions.map((p: { positionNumber: string }) => p.positionNumber)).toEqual([
      s.p1.positionNumber,
    ]);

    const res = await s.requester({ url: `/api/v1/positions/${s.p1.positionNumber}` });
    expect(res.statusCode, res.body).toBe(200);
    const pos = res.json();
    expect(pos.holders).toMatchObject([{ person: { id: s.tenant.requester.id }, current: true, share: 1 }]);
    expect(pos.vacant).toBe(false);
    expect(pos.assets.map((a: { inventoryNumber: string }) => a.inventoryNumber)).toEqual([
      s.laptop.inventoryNumber,
    ]);
    // standard workplace: laptop present, docking station, 2 monitors, desk phone, headset missing
    expect(pos.shouldIs.missing).toBe(5);

    const vacant = (await s.agent({ url: `/api/v1/positions/${s.p2.positionNumber}` })).json();
    expect(vacant.vacant).toBe(true);
    expect((await s.agent({ url: '/api/v1/positions/XX.does.not.exist' })).statusCode).toBe(404);
  });

  it('refuses to assign equipment to a person, and non-IT callers', async () => {
    const s = await setup();
    const toPerson = await s.agent({
      method: 'POST',
      url: `/api/v1/assets/${s.phone.inventoryNumber}/assignment`,
      payload: { personId: s.tenant.requester.id },
    });
    expect(toPerson.statusCode).toBe(422);
    expect(toPerson.json().detail).toContain('Ausstattung gehört zur Stelle, nicht zur Person');

    const byClerk = await s.requester({
      method: 'POST',
      url: `/api/v1/assets/${s.phone.inventoryNumber}/assignment`,
      payload: { positionNumber: s.p1.positionNumber },
    });
    expect(byClerk.statusCode).toBe(403);
    const unknown = await s.agent({
      method: 'POST',
      url: `/api/v1/assets/${s.phone.inventoryNumber}/assignment`,
      payload: { positionNumber: 'NOPE.1' },
    });
    expect(unknown.statusCode).toBe(422);
  });

  it('issues stock to a position freely but moves between positions only through an IT ticket', async () => {
    const s = await setup();
    const issued = await s.agent({
      method: 'POST',
      url: `/api/v1/assets/${s.phone.inventoryNumber}/assignment`,
      payload: { positionNumber: s.p1.positionNumber },
    });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json()).toMatchObject({
      status: 'issued',
      position: { positionNumber: s.p1.positionNumber },
    });

    const move = (payload: object) =>
      s.agent({ method: 'POST', url: `/api/v1/assets/${s.phone.inventoryNumber}/assignment`, payload });
    const noTicket = await move({ positionNumber: s.p2.positionNumber });
    expect(noTicket.statusCode).toBe(422);
    expect(noTicket.json().code).toBe('assetMoveNeedsTicket');
    expect(
      (await move({ positionNumber: s.p2.positionNumber, ticketNumber: '1999-999999' })).statusCode,
    ).toBe(422);

    const ticket = await s.requester({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { title: 'Diensthandy wechselt die Stelle', topic: s.tenant.topic.key },
    });
    const moved = await move({ positionNumber: s.p2.positionNumber, ticketNumber: ticket.json().number });
    expect(moved.statusCode, moved.body).toBe(200);
    const history = moved.json().assignments;
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({
      positionNumber: s.p2.positionNumber,
      ticketNumber: ticket.json().number,
      endedAt: null,
    });
    expect(history[1].positionNumber).toBe(s.p1.positionNumber);
    expect(history[1].endedAt).not.toBeNull();
  });

  it('keeps the equipment on the position when its holder changes position', async () => {
    const s = await setup();
    const res = await s.agent({
      method: 'POST',
      url: `/api/v1/positions/${s.p2.positionNumber}/holders`,
      payload: { personId: s.tenant.requester.id },
    });
    expect(res.statusCode, res.body).toBe(201);
    const change = res.json();
    expect(change.left).toHaveLength(1);
    expect(change.left[0].positionNumber).toBe(s.p1.positionNumber);
    expect(change.left[0].staying.map((a: { inventoryNumber: string }) => a.inventoryNumber)).toEqual([
      s.laptop.inventoryNumber,
    ]);
    // the new position's profile: mobile workplace with a smartphone, nothing there yet
    expect(change.position.shouldIs.lines).toContainEqual(
      expect.objectContaining({ assetType: 'smartphone', should: 1, is: 0, missing: 1 }),
    );

    const laptop = (await s.agent({ url: `/api/v1/assets/${s.laptop.inventoryNumber}` })).json();
    expect(laptop.position.positionNumber).toBe(s.p1.positionNumber);
    const mine = (await s.requester({ url: '/api/v1/me/assets' })).json();
    expect(mine.positions.map((p: { positionNumber: string }) => p.positionNumber)).toEqual([
      s.p2.positionNumber,
    ]);
    expect(mine.positions[0].assets).toEqual([]);
    // the old position shows the person as former holder (valid until yesterday, or today if started today)
    const old = (await s.agent({ url: `/api/v1/positions/${s.p1.positionNumber}` })).json();
    expect(old.holders[0].current).toBe(false);
  });

  it('lists assets by position, org-unit subtree and type, within the caller scope', async () => {
    const s = await setup();
    const byPosition = (
      await s.agent({ url: `/api/v1/assets?positionNumber=${s.p1.positionNumber}` })
    ).json();
    expect(byPosition.items.map((a: { inventoryNumber: string }) => a.inventoryNumber)).toEqual([
      s.laptop.inventoryNumber,
    ]);
    const subtree = (
      await s.agent({ url: `/api/v1/assets?orgUnitId=${s.tenant.department.id}&type=laptop,monitor` })
    ).json();
    expect(subtree.items.map((a: { inventoryNumber: string }) => a.inventoryNumber)).toEqual([
      s.laptop.inventoryNumber,
    ]);
    // a clerk sees the equipment of their own org unit, not that of another department
    const clerkOther = (
      await s.requester({ url: `/api/v1/assets?orgUnitId=${s.tenant.otherDepartment.id}` })
    ).json();
    expect(clerkOther.items).toEqual([]);
    const clerkOwn = (
      await s.requester({ url: `/api/v1/assets?positionNumber=${s.p1.positionNumber}` })
    ).json();
    expect(clerkOwn.items).toHaveLength(1);
    expect((await s.requester({ url: `/api/v1/assets/${s.otherMonitor.inventoryNumber}` })).statusCode).toBe(
      404,
    );
  });

  it('moves an asset through its lifecycle and refuses jumps', async () => {
    const s = await setup();
    const get = async () => (await s.agent({ url: `/api/v1/assets/${s.laptop.inventoryNumber}` })).json();
    const patch = (payload: object) =>
      s.agent({ method: 'PATCH', url: `/api/v1/assets/${s.laptop.inventoryNumber}`, payload });
    let asset = await get();
    expect(asset.allowedStatuses).toEqual(['inStock', 'inRepair', 'retired']);
    expect((await patch({ version: asset.version, status: 'disposed' })).statusCode).toBe(422);
    const repaired = await patch({ version: asset.version, status: 'inRepair' });
    expect(repaired.statusCode, repaired.body).toBe(200);
    expect((await patch({ version: asset.version, status: 'issued' })).statusCode).toBe(409);
    asset = await get();
    const retired = await patch({ version: asset.version, status: 'retired' });
    expect(retired.json()).toMatchObject({ status: 'retired', position: null });
  });

  it('overrides the profile of one position and previews a change of position without writing', async () => {
    const s = await setup();
    const types = (await s.requester({ url: '/api/v1/equipment-profiles' })).json();
    expect(
      types.items.find((p: { positionType: string }) => p.positionType === 'mobileWorkplace').items,
    ).toContainEqual({
      assetType: 'smartphone',
      quantity: 1,
    });
    const denied = await s.requester({
      method: 'PUT',
      url: '/api/v1/equipment-profiles/standardWorkplace',
      payload: { items: [] },
    });
    expect(denied.statusCode).toBe(403);

    const saved = await s.agent({
      method: 'PUT',
      url: `/api/v1/positions/${s.p1.positionNumber}/equipment-profile`,
      payload: {
        items: [
          { assetType: 'smartphone', quantity: 1 },
          { assetType: 'monitor', quantity: 0 },
        ],
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const lines = saved.json().shouldIs.lines;
    expect(lines).toContainEqual({ assetType: 'smartphone', should: 1, is: 0, missing: 1, surplus: 0 });
    expect(lines.find((l: { assetType: string }) => l.assetType === 'monitor')).toBeUndefined();

    const preview = await s.agent({
      url: `/api/v1/positions/${s.p2.positionNumber}/change-preview?personId=${s.tenant.requester.id}`,
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().staying).toEqual([
      expect.objectContaining({
        positionNumber: s.p1.positionNumber,
        assets: [expect.objectContaining({ inventoryNumber: s.laptop.inventoryNumber })],
      }),
    ]);
    expect(preview.json().newPosition.shouldIs.missing).toBeGreaterThan(0);
    const me = (await s.requester({ url: '/api/v1/me' })).json();
    expect(me.positions[0].positionNumber).toBe(s.p1.positionNumber);
  });
});
