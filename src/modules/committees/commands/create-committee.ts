import type { AppContext } from '../../../context';
import { AppError } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import type { CreateCommitteeInput } from '../schemas';
import { ensureMeetings } from './ensure-meetings';
import { requireActivePersons } from './people';

/** A new committee (admins): people must be active; the meetings of the horizon are generated at once. */
export async function createCommittee(
  ctx: AppContext,
  actor: Actor,
  input: CreateCommitteeInput,
): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const people = [
      { id: input.chairId, field: 'body.chairId' },
      ...(input.secretaryId ? [{ id: input.secretaryId, field: 'body.secretaryId' }] : []),
      ...input.members.map((m, i) => ({ id: m.personId, field: `body.members.${i}.personId` })),
    ];
    await requireActivePersons(trx, people);
    let startsOn = input.startsOn;
    let everyWeeks = input.everyWeeks;
    if (input.alternatesWithId) {
      // alternation: same first week and rhythm as the other committee, shifted by offsetWeeks
      const other = await trx
        .selectFrom('committees')
        .select(['every_weeks'])
        .select((eb) => eb.cast<string>('starts_on', 'text').as('starts_on'))
        .where('id', '=', input.alternatesWithId)
        .executeTakeFirst();
      if (!other)
        throw new AppError(422, 'validationFailed', { fields: 'body.alternatesWithId' }, [
          { field: 'body.alternatesWithId', message: 'unknown committee' },
        ]);
      startsOn = other.starts_on;
      everyWeeks = other.every_weeks;
    }
    const row = await trx
      .insertInto('committees')
      .values({
        name: input.name,
        kind: input.kind,
        org_unit_id: input.orgUnitId,
        chair_id: input.chairId,
        secretary_id: input.secretaryId,
        every_weeks: everyWeeks,
        weekday: input.weekday,
        start_time: input.startTime,
        duration_minutes: input.durationMinutes,
        starts_on: startsOn,
        alternates_with_id: input.alternatesWithId,
        offset_weeks: input.offsetWeeks,
        location: input.location,
        agenda_mail_days: input.agendaMailDays,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.members.length > 0) {
      await trx
        .insertInto('committee_members')
        .values(
          input.members.map((m) => ({
            committee_id: row.id,
            person_id: m.personId,
            role: m.role,
            position: m.position,
          })),
        )
        .onConflict((oc) => oc.columns(['committee_id', 'person_id']).doNothing())
        .execute();
    }
    await ensureMeetings(trx, ctx, row.id);
    await recordAudit(trx, actor, 'committee.create', 'committee', row.id, null, input);
    return row.id;
  });
}
