import type { AppContext } from '../../../context';
import { AppError } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';

/** After the appointment: done or no-show (statistics). Only the clerk of the appointment or an administrator. */
export async function recordOutcome(
  ctx: AppContext,
  actor: Actor,
  appointmentId: number,
  status: 'done' | 'noShow',
) {
  return ctx.db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('appointments as a')
      .innerJoin('appointment_clerks as c', 'c.id', 'a.clerk_id')
      .select(['a.id', 'a.status', 'a.starts_at', 'a.booking_number', 'c.person_id'])
      .where('a.id', '=', appointmentId)
      .forUpdate()
      .executeTakeFirst();
    if (!found || (found.person_id !== actor.id && !actor.isAdmin))
      throw new AppError(404, 'appointmentNotFound');
    if (!['confirmed', 'done', 'noShow'].includes(found.status) || found.starts_at > new Date())
      throw new AppError(409, 'appointmentNoOutcomeYet');
    await trx.updateTable('appointments').set({ status }).where('id', '=', found.id).execute();
    await recordAudit(
      trx,
      actor,
      'appointments.outcome',
      'appointment',
      found.id,
      { status: found.status },
      { status },
    );
    return { bookingNumber: found.booking_number, status, startsAt: found.starts_at };
  });
}
