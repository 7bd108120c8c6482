import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { AppError, forbidden } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { maintainsAssets } from '../policy';
import { canTransitionAsset } from '../state-machine';
import type { AssetStatus } from '../tables';

export interface UpdateAssetInput {
  version: number;
  status?: AssetStatus;
  manufacturer?: string | null;
  model?: string | null;
  serialNumber?: string | null;
  location?: string | null;
  warrantyEnd?: string | null;
  budgetOrderId?: number | null;
}

const columns = {
  manufacturer: 'manufacturer',
  model: 'model',
  serialNumber: 'serial_number',
  location: 'location',
  warrantyEnd: 'warranty_end',
  budgetOrderId: 'budget_order_id',
} as const;

/** IT changes the status (along the lifecycle) or the facts of an asset; optimistic concurrency. */
export async function updateAsset(
  ctx: AppContext,
  actor: Actor,
  inventoryNumber: string,
  input: UpdateAssetInput,
) {
  if (!maintainsAssets(actor)) throw forbidden();
  await ctx.db.transaction().execute(async (trx) => {
    const asset = await trx
      .selectFrom('assets')
      .selectAll()
      .where('inventory_number', '=', inventoryNumber)
      .forUpdate()
      .executeTakeFirst();
    if (!asset) throw new AppError(404, 'assetNotFound', { inventoryNumber });
    if (asset.version !== input.version)
      throw new AppError(409, 'versionConflict', { current: asset.version });
    const set: Record<string, unknown> = {};
    const now = new Date();
    if (input.status !== undefined && input.status !== asset.status) {
      if (!canTransitionAsset(asset.status, input.status))
        throw new AppError(422, 'assetTransitionNotAllowed', { from: asset.status, to: input.status }, [
          { field: 'body.status', message: `${asset.status} → ${input.status} not allowed` },
        ]);
      if (input.status === 'issued' && asset.position_id === null)
        throw new AppError(422, 'assetIssuedNeedsPosition');
      set.status = input.status;
      // retiring ends the assignment: the position no longer has it
      if ((input.status === 'retired' || input.status === 'disposed') && asset.position_id !== null) {
        set.position_id = null;
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
            position_id: null,
            assigned_at: now,
            assigned_by_id: actor.id,
            note: input.status,
          })
          .execute();
      }
    }
    for (const [key, column] of Object.entries(columns)) {
      const value = input[key as keyof typeof columns];
      if (value !== undefined) set[column] = value;
    }
    if (!Object.keys(set).length) return;
    await trx
      .updateTable('assets')
      .set({ ...set, updated_at: now, version: sql`version + 1` })
      .where('id', '=', asset.id)
      .execute();
    await recordAudit(trx, actor, 'asset.update', 'asset', asset.id, { status: asset.status }, set);
  });
}
