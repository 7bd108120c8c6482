import type { AppContext } from '../../../context';
import { AppError } from '../../../http/errors';
import { randomToken } from '../../../shared/tokens';
import { recordAudit } from '../../audit/audit-log';
import { enqueueMail } from '../../mail/outbox';
import { loadSettings } from '../availability';
import { documentsToken, documentsUrl } from '../documents';
import { clerkInvitationMail, confirmationMail } from '../mails';
import { cancelToken, cancelUrl, loadAppointmentView, moveUrl, tokenHash } from '../repository';

/**
 * The citizen confirms by POST with the single-use token of the mail: held → confirmed, then the
 * confirmation (with .ics, cancel and move links) and the clerk's calendar invitation go out.
 */
export async function confirmAppointment(ctx: AppContext, token: string) {
  const settings = await loadSettings(ctx.db);
  const now = new Date();
  return ctx.db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('appointments')
      .select(['id', 'status', 'hold_expires_at', 'booking_number', 'mode'])
      .where('confirm_token_hash', '=', tokenHash(token))
      .forUpdate()
      .executeTakeFirst();
    if (!found) throw new AppError(404, 'appointmentTokenInvalid');
    if (found.status === 'confirmed') throw new AppError(409, 'appointmentAlreadyConfirmed');
    if (found.status !== 'held' || found.hold_expires_at <= now) {
      if (found.status === 'held')
        await trx.updateTable('appointments').set({ status: 'expired' }).where('id', '=', found.id).execute();
      throw new AppError(410, 'appointmentHoldExpired');
    }
    const cancel = cancelToken(settings.hmac_key, found.id, found.booking_number);
    await trx
      .updateTable('appointments')
      .set({
        status: 'confirmed',
        confirmed_at: now,
        cancel_token_hash: tokenHash(cancel),
        video_room: found.mode === 'video' ? `amtsdesk-${randomToken(12).replace(/[-_]/g, 'x')}` : null,
      })
      .where('id', '=', found.id)
      .execute();
    const view = await loadAppointmentView(trx, found.id);
    await enqueueMail(
      trx,
      ctx.config,
      confirmationMail(
        ctx.config,
        view,
        cancelUrl(ctx.config, cancel),
        moveUrl(ctx.config, cancel),
        documentsUrl(ctx.config, documentsToken(settings.hmac_key, found.id, found.booking_number)),
      ),
    );
    if (view.clerk.email)
      await enqueueMail(trx, ctx.config, clerkInvitationMail(ctx.config, view, 'REQUEST'));
    await recordAudit(
      trx,
      null,
      'appointments.confirm',
      'appointment',
      found.id,
      { status: 'held' },
      { status: 'confirmed' },
    );
    return view;
  });
}
