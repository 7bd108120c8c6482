import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTenant } from '../../../test/helpers/tenant';
import { as, openTestContext, signIn, type TestContext } from '../../../test/helpers/test-context';
import { buildPerson } from '../org/builders';
import { buildPosition } from '../positions/builders';

let t: TestContext;
beforeAll(async () => {
  t = await openTestContext();
});
afterAll(async () => {
  await t.close();
});

describe('register of specialist applications', () => {
  it('lets everyone read, IT and the digitalisation unit edit, and records changes', async () => {
    const tenant = await buildTenant(t.ctx.db);
    const contact = await buildPosition(t.ctx.db, {
      orgUnitId: tenant.section.id,
      title: 'Fachadministration',
    });
    const digi = await buildPerson(t.ctx.db, { roles: [{ role: 'digitalisation' }] });
    const login = async (l: string) => as(t.app, await signIn(t.app, l));
    const [clerk, agent, digital] = [
      await login(tenant.requester.login),
      await login(tenant.agent.login),
      await login(digi.login),
    ];
    const name = `Wohngeldverfahren ${contact.positionNumber}`;
    const payload = {
      name,
      vendor: 'Dataport',
      purpose: 'Berechnung und Bescheid Wohngeld',
      responsibilityModel: 'shared',
      ownerOrgUnitId: tenant.department.id,
      businessContactPositionNumber: contact.positionNumber,
      itGroupId: tenant.group.id,
      licenceCount: 25,
      licencesUsed: 19,
      criticality: 'high',
    };
    const denied = await clerk({ method: 'POST', url: '/api/v1/applications', payload });
    expect(denied.statusCode).toBe(403);
    const created = await agent({ method: 'POST', url: '/api/v1/applications', payload });
    expect(created.statusCode, created.body).toBe(201);
    const app = created.json();
    expect(app.responsibilityModel).toMatchObject({ key: 'shared', code: 'C' });
    expect(app.responsibilityModel.duties).toMatchObject({ operation: 'it', userAdmin: 'department' });
    expect(app.businessContact.position.positionNumber).toBe(contact.positionNumber);

    const list = await clerk({
      url: `/api/v1/applications?responsibilityModel=shared&ownerOrgUnitId=${tenant.department.id}`,
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().canEdit).toBe(false);
    expect(list.json().items.map((a: { name: string }) => a.name)).toEqual([name]);
    expect(list.json().items[0].can.edit).toBe(false);

    const clerkEdit = await clerk({
      method: 'PATCH',
      url: `/api/v1/applications/${app.id}`,
      payload: { version: 1, responsibilityModel: 'itFull' },
    });
    expect(clerkEdit.statusCode).toBe(403);
    const edited = await digital({
      method: 'PATCH',
      url: `/api/v1/applications/${app.id}`,
      payload: { version: 1, responsibilityModel: 'itFull' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ version: 2, responsibilityModel: { key: 'itFull', code: 'E' } });
    const stale = await agent({
      method: 'PATCH',
      url: `/api/v1/applications/${app.id}`,
      payload: { version: 1, vendor: 'X' },
    });
    expect(stale.statusCode).toBe(409);
    const unknownModel = await agent({
      method: 'PATCH',
      url: `/api/v1/applications/${app.id}`,
      payload: { version: 2, responsibilityModel: 'nobody' },
    });
    expect(unknownModel.statusCode).toBe(422);
    expect((await agent({ method: 'POST', url: '/api/v1/applications', payload })).statusCode).toBe(409);

    const history = (await clerk({ url: `/api/v1/applications/${app.id}/history` })).json();
    expect(history.items.map((h: { action: string }) => h.action)).toEqual([
      'application.update',
      'application.create',
    ]);
    const models = (await clerk({ url: '/api/v1/responsibility-models' })).json();
    expect(models.items.map((m: { code: string }) => m.code)).toEqual(['A', 'B', 'C', 'D', 'E']);
  });
});
