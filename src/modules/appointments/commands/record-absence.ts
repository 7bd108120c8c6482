import { parse } from 'csv-parse/sync';
import { sql, type Transaction } from 'kysely';
import type { AppContext } from '../../../context';
import { isExclusionViolation, statementInTransaction } from '../../../db/pg-errors';
import type { DB } from '../../../db/schema';
import { AppError } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { clerkCanTake, updateClerkCalendars } from '../handover';
import { loadAppointmentView } from '../repository';
import type { AbsenceKind } from '../tables';

export interface AbsenceResult {
  imported: number;
  skipped: number;
  errors: Array<{ line: number; message: string }>;
  forwarded: number;
  flagged: number;
}

/** A clerk enters their own absence, or an administrator any. Covered appointments go to the deputy. */
export async function recordAbsence(
  ctx: AppContext,
  actor: Actor,
  input: { clerkId: number; startsAt: Date; endsAt: Date; kind: AbsenceKind },
): Promise<AbsenceResult> {
  if (input.endsAt <= input.startsAt) throw new AppError(422, 'appointmentAbsenceRange');
  const clerk = await ctx.db
    .selectFrom('appointment_clerks')
    .select(['id', 'person_id'])
    .where('id', '=', input.clerkId)
    .executeTakeFirst();
  if (!clerk || (clerk.person_id !== actor.id && !actor.isAdmin))
    throw new AppError(404, 'appointmentClerkNotFound');
  return ctx.db.transaction().execute(async (trx) => {
    const result: AbsenceResult = { imported: 0, skipped: 0, errors: [], forwarded: 0, flagged: 0 };
    await insertAbsence(trx, ctx, actor, { ...input, source: 'manual' }, result);
    return result;
  });
}

async function insertAbsence(
  trx: Transaction<DB>,
  ctx: AppContext,
  actor: Actor,
  a: { clerkId: number; startsAt: Date; endsAt: Date; kind: AbsenceKind; source: 'manual' | 'import' },
  result: AbsenceResult,
) {
  const row = await trx
    .insertInto('appointment_absences')
    .values({
      clerk_id: a.clerkId,
      starts_at: a.startsAt,
      ends_at: a.endsAt,
      kind: a.kind,
      source: a.source,
      created_by_id: actor.id,
    })
    .onConflict((oc) => oc.columns(['clerk_id', 'starts_at', 'ends_at', 'kind']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) {
    result.skipped++;
    return;
  }
  result.imported++;
  await recordAudit(trx, actor, 'appointments.absence', 'appointment_absence', row.id, null, {
    clerkId: a.clerkId,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    kind: a.kind,
  });
  await forwardCoveredAppointments(trx, ctx, actor, a.clerkId, a.startsAt, a.endsAt, result);
}

/**
 * Appointments of an absent clerk move to the deputy when the deputy handles all their concerns,
 * works at that time and is free; otherwise they are flagged for a person to decide. Time and mode
 * stay the same, so the citizen is not written to; the calendars of both clerks are updated.
 */
async function forwardCoveredAppointments(
  trx: Transaction<DB>,
  ctx: AppContext,
  actor: Actor,
  clerkId: number,
  from: Date,
  to: Date,
  result: AbsenceResult,
) {
  const covered = await trx
    .selectFrom('appointments as a')
    .innerJoin('appointment_clerks as c', 'c.id', 'a.clerk_id')
    .select([
      'a.id',
      'a.office_id',
      'a.status',
      'a.starts_at',
      'a.ends_at',
      'a.blocked_until',
      'c.deputy_clerk_id',
    ])
    .where('a.clerk_id', '=', clerkId)
    .where('a.status', 'in', ['held', 'confirmed'])
    .where('a.starts_at', '<', to)
    .where('a.blocked_until', '>', from)
    .orderBy('a.starts_at')
    .forUpdate()
    .execute();
  for (const appointment of covered) {
    const deputyId = appointment.deputy_clerk_id;
    const ok = deputyId !== null && (await clerkCanTake(trx, deputyId, appointment)) === null;
    const before =
      ok && appointment.status === 'confirmed' ? await loadAppointmentView(trx, appointment.id) : null;
    // the deputy was free a moment ago; a citizen's hold committed since then makes the move fail
    // (23P01) without spoiling the transaction: then the appointment is flagged like any other
    const forwarded =
      ok &&
      deputyId !== null &&
      (await statementInTransaction(trx, () =>
        trx
          .updateTable('appointments')
          .set({ clerk_id: deputyId, flag: null, ics_sequence: sql`ics_sequence + 1` })
          .where('id', '=', appointment.id)
          .execute(),
      ).then(
        () => true,
        (error) => {
          if (isExclusionViolation(error)) return false;
          throw error;
        },
      ));
    if (!forwarded || deputyId === null) {
      await trx
        .updateTable('appointments')
        .set({ flag: 'noDeputy' })
        .where('id', '=', appointment.id)
        .execute();
      await recordAudit(trx, actor, 'appointments.flag', 'appointment', appointment.id, null, {
        flag: 'noDeputy',
      });
      result.flagged++;
      continue;
    }
    if (before)
      await updateClerkCalendars(
        trx,
        ctx.config,
        before,
        await loadAppointmentView(trx, appointment.id),
        true,
      );
    await recordAudit(
      trx,
      actor,
      'appointments.forward',
      'appointment',
      appointment.id,
      { clerkId },
      { clerkId: deputyId },
    );
    result.forwarded++;
  }
}

// ---------------------------------------------------------------------------------------------
// CSV import (HR export, e.g. SAP: person; from; to; kind)
// ---------------------------------------------------------------------------------------------

/** UTF-8 when it decodes cleanly, else Windows-1252 (what SAP and Excel write on German Windows). */
export function decodeExport(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const KINDS: Array<[RegExp, AbsenceKind]> = [
  [/^(u|urlaub|vacation|holiday|erholungsurlaub)/i, 'vacation'],
  [/^(k|krank|krankheit|sick|sickness|arbeitsunfähig)/i, 'sickness'],
  [/^(f|fortbildung|schulung|seminar|training|dienstreise)/i, 'training'],
];
export function parseKind(value: string): AbsenceKind {
  return KINDS.find(([re]) => re.test(value.trim()))?.[1] ?? 'other';
}

/** "31.12.2026", "31.12.2026 08:00", "2026-12-31", "2026-12-31T08:00" → local date and whether a time was given */
export function parseLocalDateTime(value: string): { date: Date; hasTime: boolean } | null {
  const v = value.trim();
  const de = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(v);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/.exec(v);
  const parts = de
    ? [de[3], de[2], de[1], de[4], de[5]]
    : iso
      ? [iso[1], iso[2], iso[3], iso[4], iso[5]]
      : null;
  if (!parts) return null;
  const [y, m, d] = parts.slice(0, 3).map(Number);
  const hasTime = parts[3] !== undefined;
  const date = new Date(y, m - 1, d, hasTime ? Number(parts[3]) : 0, hasTime ? Number(parts[4]) : 0);
  if (date.getFullYear() !== y || date.getMonth() !== m - 1 || date.getDate() !== d) return null;
  return { date, hasTime };
}

export async function importAbsences(
  ctx: AppContext,
  actor: Actor,
  input: { csv?: string; csvBase64?: string; officeId?: number },
): Promise<AbsenceResult> {
  if (!actor.isAdmin) throw new AppError(403, 'forbidden');
  const text =
    input.csvBase64 !== undefined ? decodeExport(Buffer.from(input.csvBase64, 'base64')) : (input.csv ?? '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (error) {
    throw new AppError(422, 'appointmentImportUnreadable', {
      reason: (error as Error).message.slice(0, 200),
    });
  }
  const result: AbsenceResult = { imported: 0, skipped: 0, errors: [], forwarded: 0, flagged: 0 };
  const header = records[0] && !records[0].some((cell) => parseLocalDateTime(cell)) ? 1 : 0;

  // reference data before the transaction (PGlite has one connection)
  const clerks = await ctx.db
    .selectFrom('appointment_clerks as c')
    .innerJoin('persons as p', 'p.id', 'c.person_id')
    .select(['c.id', 'c.office_id', 'p.login', 'p.email', 'p.name'])
    .$if(input.officeId !== undefined, (q) => q.where('c.office_id', '=', input.officeId as number))
    .execute();
  const byKey = new Map<string, number[]>();
  for (const c of clerks)
    for (const key of [c.login, c.email, c.name])
      if (key) byKey.set(key.toLowerCase(), [...(byKey.get(key.toLowerCase()) ?? []), c.id]);

  const rows: Array<{ clerkIds: number[]; startsAt: Date; endsAt: Date; kind: AbsenceKind }> = [];
  for (const [index, record] of records.slice(header).entries()) {
    const line = index + header + 1;
    const [person = '', fromRaw = '', toRaw = '', kindRaw = ''] = record;
    const clerkIds = byKey.get(person.trim().toLowerCase());
    const from = parseLocalDateTime(fromRaw);
    const to = parseLocalDateTime(toRaw);
    if (!clerkIds) {
      result.errors.push({ line, message: `unknown person "${person}"` });
      continue;
    }
    if (!from || !to) {
      result.errors.push({ line, message: `invalid date "${!from ? fromRaw : toRaw}"` });
      continue;
    }
    // a date without time means the whole day: until the start of the next day
    const endsAt = to.hasTime
      ? to.date
      : new Date(to.date.getFullYear(), to.date.getMonth(), to.date.getDate() + 1);
    if (endsAt <= from.date) {
      result.errors.push({ line, message: 'end before start' });
      continue;
    }
    rows.push({ clerkIds, startsAt: from.date, endsAt, kind: parseKind(kindRaw) });
  }
  if (rows.length === 0) return result;
  return ctx.db.transaction().execute(async (trx) => {
    for (const row of rows)
      for (const clerkId of row.clerkIds)
        await insertAbsence(
          trx,
          ctx,
          actor,
          { clerkId, startsAt: row.startsAt, endsAt: row.endsAt, kind: row.kind, source: 'import' },
          result,
        );
    return result;
  });
}
