import type { AppContext } from '../../../context';
import { enqueueMail } from '../../mail/outbox';
import { loadSettings } from '../availability';
import { reminderMail } from '../mails';
import { cancelToken, cancelUrl, loadAppointmentView, moveUrl } from '../repository';

/**
 * The day before: a reminder with the cancel and move links for every confirmed appointment of tomorrow
 * (local date). Idempotent: `reminder_sent_at` is set in the transaction that enqueues the mail.
 */
export async function sendReminders(ctx: AppContext, now = new Date()): Promise<number> {
  const settings = await loadSettings(ctx.db);
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  const dayAfter = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 2);
  const due = await ctx.db
    .selectFrom('appointments')
    .select(['id', 'booking_number'])
    .where('status', '=', 'confirmed')
    .where('reminder_sent_at', 'is', null)
    .where('citizen_email', 'is not', null)
    .where('starts_at', '>=', tomorrow)
    .where('starts_at', '<', dayAfter)
    .execute();
  let sent = 0;
  for (const appointment of due) {
    const done = await ctx.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('appointments')
        .set({ reminder_sent_at: now })
        .where('id', '=', appointment.id)
        .where('reminder_sent_at', 'is', null)
        .where('status', '=', 'confirmed')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return false;
      const view = await loadAppointmentView(trx, appointment.id);
      const token = cancelToken(settings.hmac_key, appointment.id, appointment.booking_number);
      await enqueueMail(
        trx,
        ctx.config,
        reminderMail(view, cancelUrl(ctx.config, token), moveUrl(ctx.config, token)),
      );
      return true;
    });
    if (done) sent++;
  }
  return sent;
}
