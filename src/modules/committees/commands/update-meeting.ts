import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { AppError, forbidden } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { canManageCommittee } from '../policy';
import { findMeeting, loadAgendaItems } from '../queries';
import { lockEditableMeeting } from './guards';
import { committeePeople, enqueueMeetingMail } from './invitations';

/**
 * Moves or cancels a meeting, with a reason. If members were already invited, they get an update
 * (METHOD:REQUEST, SEQUENCE + 1) or a cancellation (METHOD:CANCEL) with the same UID.
 */
export async function updateMeeting(
  ctx: AppContext,
  actor: Actor,
  meetingId: number,
  input: { version: number; startsAt?: Date; cancelled?: true; reason: string },
) {
  const { committee } = await findMeeting(ctx.db, actor, meetingId);
  if (!canManageCommittee(actor, committee)) throw forbidden();
  const people = await committeePeople(ctx, committee);
  const agenda = (await loadAgendaItems(ctx.db, meetingId))
    .filter((i) => i.state === 'open')
    .map((i) => i.title);
  await ctx.db.transaction().execute(async (trx) => {
    const meeting = await lockEditableMeeting(trx, meetingId);
    if (meeting.version !== input.version)
      throw new AppError(409, 'meetingVersionConflict', { current: meeting.version });
    if (input.startsAt && input.startsAt.getTime() < Date.now())
      throw new AppError(422, 'meetingInPast', {}, [
        { field: 'body.startsAt', message: 'must be in the future' },
      ]);
    const duration = meeting.ends_at.getTime() - meeting.starts_at.getTime();
    const startsAt = input.startsAt ?? meeting.starts_at;
    const updated = await trx
      .updateTable('meetings')
      .set({
        state: input.cancelled ? 'cancelled' : 'moved',
        starts_at: startsAt,
        ends_at: new Date(startsAt.getTime() + duration),
        change_reason: input.reason,
        sequence: sql`sequence + 1`,
        version: sql`version + 1`,
      })
      .where('id', '=', meetingId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (meeting.invitation_sent_at)
      await enqueueMeetingMail(
        trx,
        ctx,
        updated,
        committee,
        people,
        input.cancelled ? 'CANCEL' : 'REQUEST',
        agenda,
      );
    await recordAudit(
      trx,
      actor,
      input.cancelled ? 'committee.meeting.cancel' : 'committee.meeting.move',
      'meeting',
      meetingId,
      { startsAt: meeting.starts_at, state: meeting.state },
      { startsAt, state: updated.state, reason: input.reason },
    );
  });
}
