import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { AppError } from '../../../http/errors';
import { randomToken } from '../../../shared/tokens';
import { recordAudit } from '../../audit/audit-log';
import { enqueueMail } from '../../mail/outbox';
import { verifySolution } from '../altcha';
import { findSlots, loadBookableServices, loadSettings, loadSlotClerks } from '../availability';
import { type AppointmentView, confirmationRequestMail } from '../mails';
import { confirmUrl, statusCode, tokenHash } from '../repository';
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

/** attempts (won or lost) an address may make in 10 minutes, as a multiple of its hourly holds */
const ATTEMPTS_PER_HOLD = 50;
/** invalid or replayed proofs of work an address may send in 10 minutes (bots without the work) */
const MAX_REFUSED_PER_IP = 30;
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
  // one round trip: the rate-limit counts and the open appointments of this e-mail address
  const recent = await ctx.db
    .selectFrom('appointment_hold_attempts')
    .select([
      sql<number>`count(*) FILTER (WHERE ip = ${meta.ip} AND held)`.as('heldByIp'),
      sql<number>`count(*) FILTER (WHERE email = ${email} AND held)`.as('heldByEmail'),
      sql<number>`count(*) FILTER (WHERE ip = ${meta.ip} AND created_at > ${new Date(now.getTime() - 600_000)})`.as(
        'attemptsByIp',
      ),
      sql<number>`count(*) FILTER (WHERE ip = ${meta.ip} AND refused AND created_at > ${new Date(now.getTime() - 600_000)})`.as(
        'refusedByIp',
      ),
      sql<number>`(SELECT count(*) FROM appointments
        WHERE lower(citizen_email) = ${email} AND status IN ('held','confirmed') AND starts_at > ${now}
          AND (status = 'confirmed' OR hold_expires_at > ${now}))`.as('open'),
    ])
    .where('created_at', '>', new Date(now.getTime() - 3_600_000))
    .where((eb) => eb.or([eb('ip', '=', meta.ip), eb('email', '=', email)]))
    .executeTakeFirstOrThrow();
  if (
    Number(recent.heldByIp) >= settings.holds_per_ip_per_hour ||
    Number(recent.heldByEmail) >= settings.holds_per_email_per_hour ||
    Number(recent.attemptsByIp) >= settings.holds_per_ip_per_hour * ATTEMPTS_PER_HOLD ||
    Number(recent.refusedByIp) >= MAX_REFUSED_PER_IP
  )
    throw new AppError(429, 'appointmentRateLimited');
  if (Number(recent.open) >= settings.max_open_per_email)
    throw new AppError(429, 'appointmentTooManyOpen', { max: settings.max_open_per_email });

  const refuse = async (error: AppError) => {
    await ctx.db
      .insertInto('appointment_hold_attempts')
      .values({ ip: meta.ip, email, refused: true })
      .execute();
    return error;
  };
  const check = verifySolution(settings.hmac_key, input.altcha, now);
  if (!check.ok)
    throw await refuse(
      new AppError(422, 'altchaInvalid', {}, [{ field: 'body.altcha', message: check.reason }]),
    );
  // a solution counts once, whatever happens next (a refused hold needs a new challenge);
  // burning it and recording the attempt is one statement
  const attempt = await sql<{ id: number }>`
    WITH burned AS (
      INSERT INTO appointment_challenges_used (challenge, expires_at)
      VALUES (${check.challenge}, ${check.expiresAt})
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    INSERT INTO appointment_hold_attempts (ip, email)
    SELECT ${meta.ip}, ${email} WHERE EXISTS (SELECT 1 FROM burned)
    RETURNING id`.execute(ctx.db);
  const attemptId = attempt.rows[0]?.id;
  if (attemptId === undefined) throw await refuse(new AppError(422, 'altchaReplayed'));

  const serviceIds = [input.serviceId, ...(input.serviceIds ?? [])];
  const bookable = await loadBookableServices(ctx.db, serviceIds, input.mode);
  if (input.startsAt.getTime() <= now.getTime()) throw new AppError(422, 'appointmentSlotInPast');

  const initial = surnameInitial(input.name);
  const from = input.startsAt;
  const to = new Date(from.getTime() + 60_000);
  const clerks = await loadSlotClerks(
    ctx.db,
    serviceIds,
    from,
    new Date(from.getTime() + (bookable.rules.durationMinutes + bookable.rules.bufferMinutes) * 60_000),
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

  const view: AppointmentView = {
    id: 0,
    bookingNumber: '',
    mode: input.mode,
    startsAt: from,
    endsAt,
    locale: meta.locale,
    citizenName: input.name.trim(),
    citizenEmail: email,
    citizenPhone: input.phone?.trim() || null,
    sequence: 0,
    videoUrl: null,
    office: {
      name: bookable.office.name,
      address: bookable.office.address,
      directions: bookable.office.directions,
      mapUrl: bookable.office.map_url,
      phoneNote: bookable.office.phone_note,
    },
    services: bookable.services.map((s) => ({
      nameDe: s.name_de,
      nameEn: s.name_en,
      documentsDe: s.documents_de,
      documentsEn: s.documents_en,
    })),
    clerk: { name: '', email: null },
  };
  const year = new Intl.DateTimeFormat('de-DE', { year: 'numeric', timeZone: 'Europe/Berlin' }).format(now);

  const insertHold = (clerkId: number) =>
    ctx.db.transaction().execute(async (trx) => {
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
          citizen_name: view.citizenName,
          citizen_email: email,
          citizen_phone: view.citizenPhone,
          locale: meta.locale,
          confirm_token_hash: tokenHash(token),
        })
        .returning(['id', 'booking_number'])
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('appointment_hold_attempts')
        .set({ held: true })
        .where('id', '=', attemptId)
        .execute();
      await trx
        .insertInto('appointment_items')
        .values(bookable.services.map((s) => ({ appointment_id: row.id, service_id: s.id })))
        .execute();
      const held = { ...view, id: row.id, bookingNumber: row.booking_number };
      await enqueueMail(
        trx,
        ctx.config,
        confirmationRequestMail(
          held,
          confirmUrl(ctx.config, token),
          holdExpiresAt,
          statusCode(settings.hmac_key, row.id, row.booking_number),
        ),
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
        view: held,
      };
    });

  for (const clerkId of free.clerkIds) {
    try {
      return await insertHold(clerkId);
    } catch (error) {
      if (!isExclusionViolation(error)) throw error;
    }
    // Taken a moment ago — or blocked by a hold that ran out but is not marked expired yet: mark
    // those and try once more; otherwise the next free clerk.
    const stale = await ctx.db
      .updateTable('appointments')
      .set({ status: 'expired' })
      .where('clerk_id', '=', clerkId)
      .where('status', '=', 'held')
      .where('hold_expires_at', '<=', new Date())
      .where('starts_at', '<', blockedUntil)
      .where('blocked_until', '>', from)
      .executeTakeFirst();
    if (Number(stale.numUpdatedRows) === 0) continue;
    try {
      return await insertHold(clerkId);
    } catch (error) {
      if (!isExclusionViolation(error)) throw error;
    }
  }
  throw new AppError(409, 'appointmentSlotTaken');
}
