import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { AppError } from '../../../http/errors';
import { randomToken } from '../../../shared/tokens';
import { recordAudit } from '../../audit/audit-log';
import { enqueueMail } from '../../mail/outbox';
import { verifySolution } from '../altcha';
import { findSlots, loadBookableServices, loadSettings, loadSlotClerks } from '../availability';
import { confirmationRequestMail } from '../mails';
import { confirmUrl, loadAppointmentView, tokenHash } from '../repository';
import { surnameInitial } from '../slots';
import type { ConsultationMode } from '../tables';

export interface HoldInput {
  serviceId: number;
  /** further concerns in the same appointment (durations add up) */
  serviceIds?: number[];
  mode: ConsultationMode;
  startsAt: Date;
  name: string;
  email: string;
  phone?: string | null;
  altcha: string;
}

const MAX_ATTEMPTS_PER_IP_PER_10_MIN = 1000;
const isExclusionViolation = (error: unknown) => (error as { code?: string }).code === '23P01';

/**
 * A citizen holds a slot: rate limits → proof of work (once per challenge) → is it a slot at all
 * (422) → a responsible free clerk (409 when none) → insert. The exclusion constraint decides races:
 * the loser's insert fails with 23P01 and tries the next free clerk, or answers 409.
 */
export async function holdAppointment(
  ctx: AppContext,
  input: HoldInput,
  meta: { ip: string; locale: 'de' | 'en' },
) {
  const now = new Date();
  const email = input.email.trim().toLowerCase();
  const settings = await loadSettings(ctx.db);

  // Rate limits kept in the database (several instances). What is limited is *getting* slots (per IP
  // address and per e-mail address, held within the hour) — a lost race costs a proof of work but no
  // quota, so 200 clients behind one NAT racing for one slot get 409, not 429. Plain floods of
  // attempts are capped separately.
  const recent = await ctx.db
    .selectFrom('appointment_hold_attempts')
    .select([
      sql<number>`count(*) FILTER (WHERE ip = ${meta.ip} AND held)`.as('heldByIp'),
      sql<number>`count(*) FILTER (WHERE email = ${email} AND held)`.as('heldByEmail'),
      sql<number>`count(*) FILTER (WHERE ip = ${meta.ip} AND created_at > ${new Date(now.getTime() - 600_000)})`.as(
        'attemptsByIp',
      ),
    ])
    .where('created_at', '>', new Date(now.getTime() - 3_600_000))
    .where((eb) => eb.or([eb('ip', '=', meta.ip), eb('email', '=', email)]))
    .executeTakeFirstOrThrow();
  if (
    Number(recent.heldByIp) >= settings.holds_per_ip_per_hour ||
    Number(recent.heldByEmail) >= settings.holds_per_email_per_hour ||
    Number(recent.attemptsByIp) >= MAX_ATTEMPTS_PER_IP_PER_10_MIN
  )
    throw new AppError(429, 'appointmentRateLimited');

  const check = verifySolution(settings.hmac_key, input.altcha, now);
  if (!check.ok)
    throw new AppError(422, 'altchaInvalid', {}, [{ field: 'body.altcha', message: check.reason }]);
  // a solution counts once, whatever happens next (a refused hold needs a new challenge)
  const burned = await ctx.db
    .insertInto('appointment_challenges_used')
    .values({ challenge: check.challenge, expires_at: check.expiresAt })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (Number(burned.numInsertedOrUpdatedRows ?? 0) !== 1) throw new AppError(422, 'altchaReplayed');
  const attempt = await ctx.db
    .insertInto('appointment_hold_attempts')
    .values({ ip: meta.ip, email })
    .returning('id')
    .executeTakeFirstOrThrow();

  const serviceIds = [input.serviceId, ...(input.serviceIds ?? [])];
  const bookable = await loadBookableServices(ctx.db, serviceIds, input.mode);
  if (input.startsAt.getTime() <= now.getTime()) throw new AppError(422, 'appointmentSlotInPast');

  const open = await ctx.db
    .selectFrom('appointments')
    .select(sql<number>`count(*)`.as('n'))
    .where(sql`lower(citizen_email)`, '=', email)
    .where('starts_at', '>', now)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'confirmed'),
        eb.and([eb('status', '=', 'held'), eb('hold_expires_at', '>', now)]),
      ]),
    )
    .executeTakeFirstOrThrow();
  if (Number(open.n) >= settings.max_open_per_email)
    throw new AppError(429, 'appointmentTooManyOpen', { max: settings.max_open_per_email });

  const initial = surnameInitial(input.name);
  const from = input.startsAt;
  const to = new Date(from.getTime() + 60_000);
  const clerks = await loadSlotClerks(
    ctx.db,
    serviceIds,
    from,
    new Date(from.getTime() + 86_400_000),
    settings.cancelled_slot_block_minutes,
    now,
  );
  const search = { from, to, surnameInitial: initial, now };
  const isSlot = findSlots(ctx.config.land, bookable, clerks, { ...search, withBusy: false }).some(
    (s) => s.startsAt.getTime() === from.getTime(),
  );
  if (!isSlot) throw new AppError(422, 'appointmentSlotUnavailable');
  const free = findSlots(ctx.config.land, bookable, clerks, search).find(
    (s) => s.startsAt.getTime() === from.getTime(),
  );
  if (!free) throw new AppError(409, 'appointmentSlotTaken');

  const { durationMinutes, bufferMinutes } = bookable.rules;
  const endsAt = new Date(from.getTime() + durationMinutes * 60_000);
  const blockedUntil = new Date(endsAt.getTime() + bufferMinutes * 60_000);
  const holdExpiresAt = new Date(now.getTime() + settings.hold_minutes * 60_000);
  const token = randomToken();

  for (const clerkId of free.clerkIds) {
    try {
      return await ctx.db.transaction().execute(async (trx) => {
        // holds that ran out still count for the constraint until they are marked expired
        await trx
          .updateTable('appointments')
          .set({ status: 'expired' })
          .where('clerk_id', '=', clerkId)
          .where('status', '=', 'held')
          .where('hold_expires_at', '<=', now)
          .where('starts_at', '<', blockedUntil)
          .where('blocked_until', '>', from)
          .execute();
        const year = new Intl.DateTimeFormat('de-DE', { year: 'numeric', timeZone: 'Europe/Berlin' }).format(
          now,
        );
        const row = await trx
          .insertInto('appointments')
          .values({
            booking_number: sql<string>`${`T${year}-`} || lpad(nextval('appointment_number_seq')::text, 6, '0')`,
            office_id: bookable.office.id,
            clerk_id: clerkId,
            mode: input.mode,
            starts_at: from,
            ends_at: endsAt,
            blocked_until: blockedUntil,
            status: 'held',
            hold_expires_at: holdExpiresAt,
            citizen_name: input.name.trim(),
            citizen_email: email,
            citizen_phone: input.phone?.trim() || null,
            locale: meta.locale,
            confirm_token_hash: tokenHash(token),
          })
          .returning(['id', 'booking_number'])
          .executeTakeFirstOrThrow();
        await trx
          .updateTable('appointment_hold_attempts')
          .set({ held: true })
          .where('id', '=', attempt.id)
          .execute();
        await trx
          .insertInto('appointment_items')
          .values(bookable.services.map((s) => ({ appointment_id: row.id, service_id: s.id })))
          .execute();
        const view = await loadAppointmentView(trx, row.id);
        await enqueueMail(
          trx,
          ctx.config,
          confirmationRequestMail(view, confirmUrl(ctx.config, token), holdExpiresAt),
        );
        await recordAudit(trx, null, 'appointments.hold', 'appointment', row.id, null, {
          bookingNumber: row.booking_number,
          clerkId,
          startsAt: from.toISOString(),
          mode: input.mode,
        });
        return {
          id: row.id,
          bookingNumber: row.booking_number,
          officeId: bookable.office.id,
          holdExpiresAt,
          endsAt,
          view,
        };
      });
    } catch (error) {
      if (!isExclusionViolation(error)) throw error;
      // someone else took this clerk at this time a moment ago: try the next free clerk
    }
  }
  throw new AppError(409, 'appointmentSlotTaken');
}
