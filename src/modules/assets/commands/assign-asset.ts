import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { AppError, forbidden } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { maintainsAssets } from '../policy';
import { isAssignable } from '../state-machine';

export interface AssignAssetInput {
  positionNumber?: string | null;
  personId?: unknown;
  ticketNumber?: string;
  note?: string;
}

/**
 * IT assigns an asset to a position in the staff plan — never to a person. Moving it away from a
 * position (to another one or back to stock) needs the IT ticket it went through (seed §2:
 * equipment does not travel with people). Every assignment is a row in the history.
 */
export async function assignAsset(
  ctx: AppContext,
  actor: Actor,
  inventoryNumber: string,
  input: AssignAssetInput,
) {
  // the rule first: nobody assigns equipment to a person, whoever asks
  if (input.personId !== undefined)
    throw new AppError(422, 'assetBelongsToPosition', {}, [
      { field: 'body.personId', message: 'Ausstattung gehört zur Stelle, nicht zur Person' },
    ]);
  if (!maintainsAssets(actor)) throw forbidden();
  if (input.positionNumber === undefined)
    throw new AppError(422, 'validationFailed', { fields: 'body.positionNumber' }, [
      { field: 'body.positionNumber', message: 'required (null returns the asset to stock)' },
    ]);
  const targetNumber = input.positionNumber;

  await ctx.db.transaction().execute(async (trx) => {
    const asset = await trx
      .selectFrom('assets')
      .select(['id', 'status', 'position_id', 'inventory_number'])
      .where('inventory_number', '=', inventoryNumber)
      .forUpdate()
      .executeTakeFirst();
    if (!asset) throw new AppError(404, 'assetNotFound', { inventoryNumber });
    if (!isAssignable(asset.status)) throw new AppError(422, 'assetNotAssignable', { status: asset.status });

    let target: { id: number; closed_on: string | null } | null = null;
    if (targetNumber !== null) {
      target =
        (await trx
          .selectFrom('positions')
          .select(['id', sql<string | null>`closed_on::text`.as('closed_on')])
          .where('position_number', '=', targetNumber)
          .executeTakeFirst()) ?? null;
      if (!target)
        throw new AppError(422, 'unknownPosition', { positionNumber: targetNumber }, [
          { field: 'body.positionNumber', message: 'unknown staff-plan number' },
        ]);
      if (target.closed_on !== null)
        throw new AppError(422, 'positionClosed', { positionNumber: targetNumber });
    }
    const targetId = target?.id ?? null;
    if (targetId === asset.position_id) return;

    if (asset.position_id !== null) {
      if (!input.ticketNumber)
        throw new AppError(422, 'assetMoveNeedsTicket', {}, [
          { field: 'body.ticketNumber', message: 'a move between positions needs an IT ticket' },
        ]);
      const ticket = await trx
        .selectFrom('tickets')
        .select('id')
        .where('number', '=', input.ticketNumber)
        .executeTakeFirst();
      if (!ticket)
        throw new AppError(422, 'ticketNotFound', { number: input.ticketNumber }, [
          { field: 'body.ticketNumber', message: 'unknown ticket' },
        ]);
    }

    const now = new Date();
    await trx
      .updateTable('asset_assignments')
      .set({ ended_at: now })
      .where('asset_id', '=', asset.id)
      .where('ended_at', 'is', null)
      .execute();
    await trx
      .insertInto('asset_assignments')
      .values({
        asset_id: asset.id,
        position_id: targetId,
        assigned_at: now,
        ticket_number: input.ticketNumber ?? null,
        assigned_by_id: actor.id,
        source: 'manual',
        note: input.note ?? '',
      })
      .execute();
    const status =
      targetId !== null && asset.status === 'inStock'
        ? 'issued'
        : targetId === null && asset.status === 'issued'
          ? 'inStock'
          : asset.status;
    await trx
      .updateTable('assets')
      .set({ position_id: targetId, status, updated_at: now, version: sql`version + 1` })
      .where('id', '=', asset.id)
      .execute();
    await recordAudit(
      trx,
      actor,
      'asset.assign',
      'asset',
      asset.id,
      { positionId: asset.position_id, status: asset.status },
      { positionId: targetId, status, ticketNumber: input.ticketNumber ?? null },
    );
  });
}
