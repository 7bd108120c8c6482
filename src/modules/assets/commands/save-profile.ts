import type { AppContext } from '../../../context';
import { AppError, forbidden } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import type { PositionType } from '../../positions/tables';
import { maintainsAssets } from '../policy';
import type { ProfileItem } from '../should-is';

/**
 * Replaces the equipment profile of a position type (standard workplace, mobile special equipment,
 * specialist workstation) or the extra items of one position (which override the type's
 * quantities; 0 removes an item). IT or admin.
 */
export async function saveProfile(
  ctx: AppContext,
  actor: Actor,
  target: { positionType: PositionType } | { positionNumber: string },
  items: ProfileItem[],
) {
  if (!maintainsAssets(actor)) throw forbidden();
  const types = new Set(items.map((i) => i.assetType));
  if (types.size !== items.length)
    throw new AppError(422, 'validationFailed', { fields: 'body.items' }, [
      { field: 'body.items', message: 'each asset type at most once' },
    ]);
  await ctx.db.transaction().execute(async (trx) => {
    let positionId: number | null = null;
    if ('positionNumber' in target) {
      const p = await trx
        .selectFrom('positions')
        .select('id')
        .where('position_number', '=', target.positionNumber)
        .executeTakeFirst();
      if (!p) throw new AppError(404, 'positionNotFound', { positionNumber: target.positionNumber });
      positionId = p.id;
    }
    const scope = trx.deleteFrom('equipment_profile_items');
    const before = await trx
      .selectFrom('equipment_profile_items')
      .select(['asset_type', 'quantity'])
      .$call((q) =>
        positionId !== null
          ? q.where('position_id', '=', positionId)
          : q.where('position_type', '=', (target as { positionType: PositionType }).positionType),
      )
      .execute();
    await (positionId !== null
      ? scope.where('position_id', '=', positionId)
      : scope.where('position_type', '=', (target as { positionType: PositionType }).positionType)
    ).execute();
    if (items.length)
      await trx
        .insertInto('equipment_profile_items')
        .values(
          items.map((i) => ({
            position_type:
              positionId === null ? (target as { positionType: PositionType }).positionType : null,
            position_id: positionId,
            asset_type: i.assetType,
            quantity: i.quantity,
          })),
        )
        .execute();
    await recordAudit(
      trx,
      actor,
      'equipmentProfile.save',
      positionId !== null ? 'position' : 'positionType',
      positionId ?? (target as { positionType: string }).positionType,
      before,
      items,
    );
  });
}
