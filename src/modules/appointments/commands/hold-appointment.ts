import { type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../../../context';
import { isExclusionViolation, retryTransient } from '../../../db/pg-errors';
import { queryPrepared } from '../../../db/prepared';
import { AppError } from '../../../http/errors';
import { randomToken } from '../../../shared/tokens';
import { createMessageId } from '../../mail/outbox';
import { verifySolution } from '../altcha';
import { findSlots, loadBookableServices, loadSettings, loadSlotClerks } from '../availability';
import { EMAIL_LIMIT_KEY_SQL, emailLimitKey } from '../email-limit-key';
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

/**
 * A citizen holds a slot: proof of work (checked in memory) → rate limits, burning the challenge and
 * recording the attempt (one statement) → is it a slot at all (422) → a responsible free clerk (409
 * when none) → insert. The exclusion constraint decides races: the loser's insert fails with 23P01
 * (or 40P01, see below) and tries the next free clerk, or answers 409.
 *
 * Three round trips on the way to a hold (gate, clerks with their busy ranges, insert); the insert
 * is one statement whose CTEs also write the concerns, the outbox mail, the audit row and mark the
 * attempt held — a single statement is a transaction of its own, so it is all or nothing.
 */
export async function holdAppointment(
  ctx: AppContext,
  input: HoldInput,
  meta: { ip: string; locale: 'de' | 'en' },
) {
  const now = new Date();
  const email = input.email.trim().toLowerCase();
  // the per-e-mail limits count name+tag@domain as name@domain (the appointment keeps `email`)
  const limitKey = emailLimitKey(email);
  // the gate and the insert are the same text every time: on a PostgreSQL server they run as named
  // prepared statements, planned once per connection (planning was ~1.8 of 4.7 ms PostgreSQL CPU per hold)
  const run = async <R>(query: RawBuilder<R>, name: string): Promise<R[]> =>
    (await queryPrepared(ctx.database, name, query.compile(ctx.db))) ?? (await query.execute(ctx.db)).rows;
  const settings = await loadSettings(ctx.db);
  // two hashes and an HMAC, no database: done first so the gate statement knows what to record
  const check = verifySolution(settings.hmac_key, input.altcha, now);

  // Rate limits kept in the database (several instances). What is limited is *getting* slots (per IP
  // address and per e-mail address, held within the hour) — a lost race costs a proof of work but no
  // quota, so 200 clients behind one NAT racing for one slot get 409, not 429. Plain floods of
  // attempts are capped separately. Within the limits, the statement burns the challenge (a solution
  // counts once, whatever happens next) and records the attempt — refused when the proof of work is
  // invalid or replayed — and reserves the appointment's id and booking number for the mail.
  const tenMinutesAgo = new Date(now.getTime() - 600_000);
  const gate = (
    await run(
      sql<{
        within_limits: boolean;
        open_ok: boolean;
        attempt_id: number | null;
        refused: boolean | null;
        appointment_id: number | null;
        booking_number: string | null;
      }>`
    WITH counts AS (
      SELECT count(*) FILTER (WHERE ip = ${meta.ip} AND held) AS held_by_ip,
             count(*) FILTER (WHERE email = ${limitKey} AND held) AS held_by_email,
             count(*) FILTER (WHERE ip = ${meta.ip} AND created_at > ${tenMinutesAgo}) AS attempts_by_ip,
             count(*) FILTER (WHERE ip = ${meta.ip} AND refused AND created_at > ${tenMinutesAgo}) AS refused_by_ip
      FROM appointment_hold_attempts
      WHERE created_at > ${new Date(now.getTime() - 3_600_000)} AND (ip = ${meta.ip} OR email = ${limitKey})
    ), verdict AS (
      SELECT held_by_ip < ${settings.holds_per_ip_per_hour}
               AND held_by_email < ${settings.holds_per_email_per_hour}
               AND attempts_by_ip < ${settings.holds_per_ip_per_hour * ATTEMPTS_PER_HOLD}
               AND refused_by_ip < ${MAX_REFUSED_PER_IP} AS within_limits,
             (SELECT count(*) FROM appointments
              WHERE ${sql.raw(EMAIL_LIMIT_KEY_SQL)} = ${limitKey}
                AND status IN ('held', 'confirmed') AND starts_at > ${now}
                AND (status = 'confirmed' OR hold_expires_at > ${now})) < ${settings.max_open_per_email} AS open_ok
      FROM counts
    ), burned AS (
      INSERT INTO appointment_challenges_used (challenge, expires_at)
      SELECT ${check.ok ? check.challenge : null}::text, ${check.ok ? check.expiresAt : null}::timestamptz
      FROM verdict WHERE within_limits AND open_ok AND ${check.ok}::boolean
      ON CONFLICT DO NOTHING
      RETURNING 1
    ), attempt AS (
      INSERT INTO appointment_hold_attempts (ip, email, refused)
      SELECT ${meta.ip}, ${limitKey}, NOT EXISTS (SELECT 1 FROM burned) FROM verdict WHERE within_limits AND open_ok
      RETURNING id, refused
    )
    SELECT v.within_limits, v.open_ok, a.id AS attempt_id, a.refused,
           CASE WHEN NOT a.refused THEN nextval(pg_get_serial_sequence('appointments', 'id')) END AS appointment_id,
           CASE WHEN NOT a.refused THEN 'T' || to_char(now() AT TIME ZONE 'Europe/Berlin', 'YYYY') || '-'
             || lpad(nextval('appointment_number_seq')::text, 6, '0') END AS booking_number
    FROM verdict v LEFT JOIN attempt a ON true`,
      'appointment_gate',
    )
  )[0];
  if (!gate.within_limits) throw new AppError(429, 'appointmentRateLimited');
  if (!gate.open_ok) throw new AppError(429, 'appointmentTooManyOpen', { max: settings.max_open_per_email });
  if (!check.ok)
    throw new AppError(422, 'altchaInvalid', {}, [{ field: 'body.altcha', message: check.reason }]);
  if (
    gate.refused ||
    gate.attempt_id === null ||
    gate.appointment_id === null ||
    gate.booking_number === null
  )
    throw new AppError(422, 'altchaReplayed');
  const attemptId = Number(gate.attempt_id);
  const appointmentId = Number(gate.appointment_id);
  const bookingNumber = gate.booking_number;

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
    ctx.database,
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
    id: appointmentId,
    bookingNumber,
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
  const mail = confirmationRequestMail(
    view,
    confirmUrl(ctx.config, token),
    holdExpiresAt,
    statusCode(settings.hmac_key, appointmentId, bookingNumber),
  );
  const messageId = mail.messageId ?? createMessageId(ctx.config);
  const serviceIdsToStore = bookable.services.map((s) => s.id);

  // One statement (written out: building it with the query builder cost more CPU than running it).
  // The outbox row is the one enqueueMail writes, the audit row the one recordAudit writes.
  const insertHold = async (clerkId: number) => {
    await run(
      sql`
      WITH appointment AS (
        INSERT INTO appointments (id, booking_number, office_id, clerk_id, mode, starts_at, ends_at, blocked_until,
          status, hold_expires_at, citizen_name, citizen_email, citizen_phone, locale, confirm_token_hash)
        VALUES (${appointmentId}, ${bookingNumber}, ${bookable.office.id}, ${clerkId}, ${input.mode}, ${from},
          ${endsAt}, ${blockedUntil}, 'held', ${holdExpiresAt}, ${view.citizenName}, ${email}, ${view.citizenPhone},
          ${meta.locale}, ${tokenHash(token)})
        RETURNING id
      ), items AS (
        INSERT INTO appointment_items (appointment_id, service_id)
        SELECT ${appointmentId}, unnest(${serviceIdsToStore}::bigint[])
      ), attempt AS (
        UPDATE appointment_hold_attempts SET held = true WHERE id = ${attemptId}
      ), mail AS (
        INSERT INTO outbound_mail (kind, message_id, from_address, to_addresses, cc_addresses, reply_to, subject,
          text_body, html_body, headers, attachments, ticket_id)
        VALUES (${mail.kind}, ${messageId}, ${mail.from ?? ctx.config.mailFrom}, ${mail.to}::text[],
          ${mail.cc ?? []}::text[], ${mail.replyTo ?? null}, ${mail.subject}, ${mail.text}, ${mail.html ?? null},
          ${JSON.stringify(mail.headers ?? {})}::jsonb, ${JSON.stringify(mail.attachments ?? [])}::jsonb,
          ${mail.ticketId ?? null}::bigint)
      ), audit AS (
        INSERT INTO audit_log (actor_id, actor_login, action, entity_type, entity_id, before, after)
        VALUES (NULL, NULL, 'appointments.hold', 'appointment', ${String(appointmentId)}, NULL,
          ${JSON.stringify({ bookingNumber, clerkId, startsAt: from.toISOString(), mode: input.mode })}::jsonb)
      )
      SELECT id FROM appointment`,
      'appointment_hold',
    );
    return {
      id: appointmentId,
      bookingNumber,
      officeId: bookable.office.id,
      holdExpiresAt,
      endsAt,
      view,
    };
  };

  // The exclusion constraint decides races: 23P01 → this clerk's slot went to someone else (null);
  // 40P01 → two inserters each saw the other's uncommitted row and waited for it, and the deadlock
  // detector aborted this one (nothing was written): the other has finished or is about to, so the
  // same clerk once more settles it either way.
  const tryClerk = async (clerkId: number) => {
    try {
      return await retryTransient(() => insertHold(clerkId));
    } catch (error) {
      if (isExclusionViolation(error)) return null;
      throw error;
    }
  };
  for (const clerkId of free.clerkIds) {
    const held = await tryClerk(clerkId);
    if (held) return held;
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
    const again = await tryClerk(clerkId);
    if (again) return again;
  }
  throw new AppError(409, 'appointmentSlotTaken');
}
