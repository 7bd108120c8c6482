import { type Kysely, sql } from 'kysely';
import type { AppContext } from '../../../context';
import { isExclusionViolation, statementInTransaction } from '../../../db/pg-errors';
import type { DB } from '../../../db/schema';
import { AppError } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { enqueueMail } from '../../mail/outbox';
import { loadSettings } from '../availability';
import {
  type ChangeableAppointment,
  clerkCanTake,
  expireStaleHolds,
  loadChangeableAppointment,
  type TakeRefusal,
  updateClerkCalendars,
} from '../handover';
import { forwardedMail } from '../mails';
import { cancelToken, cancelUrl, loadAppointmentView } from '../repository';

function refusalError(refusal: TakeRefusal): AppError {
  const field = [{ field: 'body.clerkId', message: refusal }];
  switch (refusal) {
    case 'unknown':
    case 'otherOffice':
      return new AppError(422, 'appointmentClerkNotFound', {}, field);
    case 'inactive':
    case 'notResponsible':
      return new AppError(422, 'appointmentClerkNotResponsible', {}, field);
    default:
      return new AppError(409, 'appointmentClerkNotFree', {}, field);
  }
}

/**
 * The clerk hands a confirmed appointment to a colleague of the office at the same time: the
 * colleague must handle all its concerns (422) and be free and working then (409). The new clerk
 * gets a REQUEST (with the note), the old one a CANCEL; the citizen is told the new clerk's name.
 * Letter ranges do not bind here — a hand-over is a deputy's job, like on absence.
 */
export async function forwardAppointment(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: { clerkId: number; note?: string | null },
) {
  const settings = await loadSettings(ctx.db);
  const now = new Date();
  return ctx.db.transaction().execute(async (trx) => {
    const current = await loadChangeableAppointment(trx, actor, id, { lock: true, now });
    if (input.clerkId === current.clerk_id)
      throw new AppError(422, 'appointmentForwardSameClerk', {}, [
        { field: 'body.clerkId', message: 'already the clerk of this appointment' },
      ]);
    await expireStaleHolds(trx, input.clerkId, current.starts_at, current.blocked_until);
    const refusal = await clerkCanTake(trx, input.clerkId, current);
    if (refusal) throw refusalError(refusal);
    const before = await loadAppointmentView(trx, id);
    try {
      await statementInTransaction(trx, () =>
        trx
          .updateTable('appointments')
          .set({ clerk_id: input.clerkId, flag: null, ics_sequence: sql`ics_sequence + 1` })
          .where('id', '=', id)
          .execute(),
      );
    } catch (error) {
      if (isExclusionViolation(error)) throw new AppError(409, 'appointmentClerkNotFree');
      throw error;
    }
    const after = await loadAppointmentView(trx, id);
    const note = input.note?.trim() ? { from: actor.name, text: input.note.trim() } : null;
    await updateClerkCalendars(trx, ctx.config, before, after, true, note);
    if (after.citizenEmail) {
      const token = cancelToken(settings.hmac_key, id, current.booking_number);
      await enqueueMail(trx, ctx.config, forwardedMail(after, cancelUrl(ctx.config, token)));
    }
    await recordAudit(
      trx,
      actor,
      'appointments.forward',
      'appointment',
      id,
      { clerkId: current.clerk_id },
      { clerkId: input.clerkId, ...(note ? { note: note.text } : {}) },
    );
    return { view: after, status: 'confirmed' as const, clerkId: input.clerkId };
  });
}

/** Colleagues of the office who could take the appointment at its time (for the forward select). */
export async function listForwardCandidates(ctx: AppContext, actor: Actor, id: number) {
  const appointment: ChangeableAppointment = await loadChangeableAppointment(ctx.db, actor, id, {
    lock: false,
  });
  return forwardCandidates(ctx.db, appointment);
}

async function forwardCandidates(db: Kysely<DB>, appointment: ChangeableAppointment) {
  const colleagues = await db
    .selectFrom('appointment_clerks as c')
    .innerJoin('persons as p', 'p.id', 'c.person_id')
    .select(['c.id', 'p.name'])
    .where('c.office_id', '=', appointment.office_id)
    .where('c.id', '!=', appointment.clerk_id)
    .where('c.active', '=', true)
    .orderBy('p.name')
    .execute();
  const result: Array<{ clerkId: number; name: string }> = [];
  for (const c of colleagues)
    if ((await clerkCanTake(db, c.id, appointment)) === null) result.push({ clerkId: c.id, name: c.name });
  return result;
}
