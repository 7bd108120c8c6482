import type { AppContext } from '../../../context';
import { AppError, forbidden } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { maintainsAssets } from '../policy';
import type { AssetType } from '../tables';

export interface CreateAssetInput {
  inventoryNumber: string;
  type: AssetType;
  manufacturer?: string | null;
  model?: string | null;
  serialNumber?: string | null;
  hostname?: string | null;
  status: 'ordered' | 'inStock';
  location?: string | null;
  purchaseDate?: string | null;
  purchasePriceCents?: number | null;
  warrantyEnd?: string | null;
  budgetOrderId?: number | null;
  positionNumber?: string;
}

/** IT records a new asset; with a staff-plan number it is issued to that position right away. */
export async function createAsset(ctx: AppContext, actor: Actor, input: CreateAssetInput) {
  if (!maintainsAssets(actor)) throw forbidden();
  await ctx.db.transaction().execute(async (trx) => {
    const exists = await trx
      .selectFrom('assets')
      .select('id')
      .where('inventory_number', '=', input.inventoryNumber)
      .executeTakeFirst();
    if (exists)
      throw new AppError(409, 'inventoryNumberTaken', { inventoryNumber: input.inventoryNumber }, [
        { field: 'body.inventoryNumber', message: 'already in use' },
      ]);
    let positionId: number | null = null;
    if (input.positionNumber) {
      const pos = await trx
        .selectFrom('positions')
        .select('id')
        .where('position_number', '=', input.positionNumber)
        .where('closed_on', 'is', null)
        .executeTakeFirst();
      if (!pos)
        throw new AppError(422, 'unknownPosition', { positionNumber: input.positionNumber }, [
          { field: 'body.positionNumber', message: 'unknown staff-plan number' },
        ]);
      positionId = pos.id;
    }
    const now = new Date();
    const row = await trx
      .insertInto('assets')
      .values({
        inventory_number: input.inventoryNumber,
        asset_type: input.type,
        manufacturer: input.manufacturer ?? null,
        model: input.model ?? null,
        serial_number: input.serialNumber ?? null,
        hostname: input.hostname ?? null,
        status: positionId !== null && input.status === 'inStock' ? 'issued' : input.status,
        position_id: positionId,
        location: input.location ?? null,
        purchase_date: input.purchaseDate ?? null,
        purchase_price_cents: input.purchasePriceCents ?? null,
        warranty_end: input.warrantyEnd ?? null,
        budget_order_id: input.budgetOrderId ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    if (positionId !== null)
      await trx
        .insertInto('asset_assignments')
        .values({ asset_id: row.id, position_id: positionId, assigned_at: now, assigned_by_id: actor.id })
        .execute();
    await recordAudit(trx, actor, 'asset.create', 'asset', row.id, null, input);
  });
}
