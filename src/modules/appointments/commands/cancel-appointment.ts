import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { AppError } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { enqueueMail } from '../../mail/outbox';
import { cancellationMail, clerkInvitationMail } from '../mails';
import { loadAppointmentView, rebookUrl, tokenHash } from '../repository';

/** Cancels by the citizen's single-use link token (POST only) or by the clerk; the clerk gets a METHOD:CANCEL. */
export async function cancelAppointment(
  ctx: AppContext,
  by: { token: string } | { actor: Actor; appointmentId: number },
) {
  const now = new Date();
  return ctx.db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('appointments as a')
      .innerJoin('appointment_clerks as c', 'c.id', 'a.clerk_id')
      .select(['a.id', 'a.status', 'a.starts_at', 'c.person_id'])
      .forUpdate();
    query =
      'token' in by
        ? query.where('a.cancel_token_hash', '=', tokenHash(by.token))
        : query.where('a.id', '=', by.appointmentId);
    const found = await query.executeTakeFirst();
    if (!found) throw new AppError(404, 'appointmentTokenInvalid');
    if ('actor' in by && found.person_id !== by.actor.id && !by.actor.isAdmin)
      throw new AppError(404, 'appointmentTokenInvalid');
    if (found.status === 'cancelled') throw new AppError(409, 'appointmentAlreadyCancelled');
    if (found.status !== 'confirmed' && found.status !== 'held')
      throw new AppError(409, 'appointmentNotCancellable');
    if ('token' in by && found.starts_at <= now) throw new AppError(409, 'appointmentNotCancellable');
    const wasConfirmed = found.status === 'confirmed';
    await trx
      .updateTable('appointments')
      .set({
        status: 'cancelled',
        cancelled_at: now,
        cancelled_by: 'token' in by ? 'citizen' : 'clerk',
        ics_sequence: sql`ics_sequence + 1`,
      })
      .where('id', '=', found.id)
      .execute();
    const view = await loadAppointmentView(trx, found.id);
    if (wasConfirmed && view.clerk.email)
      await enqueueMail(trx, ctx.config, clerkInvitationMail(ctx.config, view, 'CANCEL'));
    if (view.citizenEmail) await enqueueMail(trx, ctx.config, cancellationMail(view, rebookUrl(ctx.config)));
    await recordAudit(
      trx,
      'actor' in by ? by.actor : null,
      'appointments.cancel',
      'appointment',
      found.id,
      { status: found.status },
      { status: 'cancelled' },
    );
    return view;
  });
}
