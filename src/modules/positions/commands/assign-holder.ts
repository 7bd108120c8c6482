import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { AppError, forbidden } from '../../../http/errors';
import { localDate } from '../../../shared/local-date';
import { maintainsAssets } from '../../assets/policy';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';

export interface AssignHolderInput {
  personId: number;
  validFrom?: string;
  sharePercent?: number;
  /** end the person's other positions the day before (a change of position); default true */
  endOtherPositions?: boolean;
  /** end the current holders of this position the day before (a successor); default false */
  replaceCurrentHolders?: boolean;
}

/**
 * A person takes up a position. Their other positions end the day before — and the equipment stays
 * where it is, on those positions (seed §2). Returns the ids of the positions the person left.
 */
export async function assignHolder(
  ctx: AppContext,
  actor: Actor,
  positionNumber: string,
  input: AssignHolderInput,
): Promise<{ leftPositionIds: number[] }> {
  if (!maintainsAssets(actor)) throw forbidden();
  const validFrom = input.validFrom ?? localDate();
  const share = input.sharePercent ?? 100;
  return ctx.db.transaction().execute(async (trx) => {
    const position = await trx
      .selectFrom('positions')
      .select(['id', 'fte_percent', sql<string | null>`closed_on::text`.as('closed_on')])
      .where('position_number', '=', positionNumber)
      .forUpdate()
      .executeTakeFirst();
    if (!position) throw new AppError(404, 'positionNotFound', { positionNumber });
    if (position.closed_on !== null) throw new AppError(422, 'positionClosed', { positionNumber });
    const person = await trx
      .selectFrom('persons')
      .select('id')
      .where('id', '=', input.personId)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!person)
      throw new AppError(422, 'unknownPerson', { personId: input.personId }, [
        { field: 'body.personId', message: 'unknown or inactive person' },
      ]);

    const endBefore = (q: ReturnType<typeof trx.updateTable<'position_holders'>>) =>
      q
        .set({ valid_to: sql`GREATEST(valid_from, ${validFrom}::date - 1)` })
        .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', validFrom)]))
        .where('valid_from', '<=', validFrom);

    let left: { position_id: number }[] = [];
    if (input.endOtherPositions !== false)
      left = await endBefore(trx.updateTable('position_holders'))
        .where('person_id', '=', input.personId)
        .where('position_id', '!=', position.id)
        .returning(['position_id'])
        .execute();
    if (input.replaceCurrentHolders)
      await endBefore(trx.updateTable('position_holders'))
        .where('position_id', '=', position.id)
        .where('person_id', '!=', input.personId)
        .execute();

    const holders = await trx
      .selectFrom('position_holders')
      .select(['person_id', 'share_percent'])
      .where('position_id', '=', position.id)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', validFrom)]))
      .execute();
    if (holders.some((h) => h.person_id === input.personId))
      throw new AppError(409, 'alreadyHolder', { positionNumber });
    const taken = holders.reduce((n, h) => n + h.share_percent, 0);
    if (taken + share > position.fte_percent)
      throw new AppError(422, 'positionOverbooked', {
        positionNumber,
        free: Math.max(0, position.fte_percent - taken),
      });

    await trx
      .insertInto('position_holders')
      .values({
        position_id: position.id,
        person_id: input.personId,
        valid_from: validFrom,
        share_percent: share,
      })
      .execute();
    await recordAudit(trx, actor, 'position.assignHolder', 'position', position.id, null, {
      personId: input.personId,
      validFrom,
      sharePercent: share,
      leftPositionIds: left.map((l) => l.position_id),
    });
    return { leftPositionIds: left.map((l) => l.position_id) };
  });
}
