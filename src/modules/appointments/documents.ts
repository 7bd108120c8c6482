/**
 * Documents a citizen uploads before the appointment: who may reach them (the citizen by the link
 * of the confirmation mail or by booking number + code; the assigned clerk, after forwarding the
 * deputy, and administrators), the limits, and the reads. Writes are in commands/upload-document.ts
 * and commands/delete-document.ts.
 */
import { createHmac } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../../config';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { AppError } from '../../http/errors';
import { sniffType } from '../../shared/file-signatures';
import { safeEqual } from '../../shared/tokens';
import type { Actor } from '../auth/actor';
import { type AppointmentSettings, loadSettings } from './availability';
import { lookupAppointment } from './queries';
import type { AppointmentStatus } from './tables';

type Db = Kysely<DB> | Transaction<DB>;

export const documentTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentType = (typeof documentTypes)[number];

export interface DocumentLimits {
  maxFileBytes: number;
  maxFiles: number;
  maxTotalBytes: number;
}
export const documentLimits = (s: AppointmentSettings): DocumentLimits => ({
  maxFileBytes: s.document_max_bytes,
  maxFiles: s.documents_max_count,
  maxTotalBytes: s.documents_max_total_bytes,
});

/** "10 MB" — the limits in the citizen's messages */
export const megabytes = (bytes: number) => `${Math.round((bytes / 1_048_576) * 10) / 10} MB`;

/**
 * The token of the upload link: booking number + HMAC of the appointment, derived like the cancel
 * token (nothing stored, the reminder could repeat it). It stops working with the appointment's start.
 */
export function documentsToken(hmacKey: string, appointmentId: number, bookingNumber: string): string {
  const mac = createHmac('sha256', hmacKey)
    .update(`documents:${appointmentId}:${bookingNumber}`)
    .digest('base64url');
  return `${bookingNumber}.${mac}`;
}
export const documentsUrl = (config: Pick<Config, 'publicUrl'>, token: string) =>
  `${config.publicUrl}/termine/unterlagen/${token}`;

/** The appointment behind an upload link; unknown, forged or anonymised → 404. */
export async function appointmentByDocumentsToken(ctx: AppContext, token: string): Promise<number> {
  const bookingNumber = token.split('.')[0];
  const settings = await loadSettings(ctx.db);
  const row = await ctx.db
    .selectFrom('appointments')
    .select(['id', 'anonymised_at'])
    .where('booking_number', '=', bookingNumber)
    .executeTakeFirst();
  if (
    !row ||
    row.anonymised_at ||
    !safeEqual(documentsToken(settings.hmac_key, row.id, bookingNumber), token)
  )
    throw new AppError(404, 'appointmentTokenInvalid');
  return row.id;
}

/** The appointment behind booking number + status code (the status lookup); wrong code → 404. */
export async function appointmentByCode(ctx: AppContext, bookingNumber: string, code: string) {
  const found = await lookupAppointment(ctx, bookingNumber, code);
  return found.id;
}

/** Why no document can be added or removed now, or null while the window is open. */
export function documentsClosedReason(
  a: { status: AppointmentStatus; starts_at: Date; anonymised_at: Date | null },
  now: Date,
): AppError | null {
  if (a.anonymised_at) return new AppError(404, 'appointmentTokenInvalid');
  if (a.status === 'held') return new AppError(409, 'appointmentDocumentsNotConfirmed');
  if (a.status === 'cancelled' || a.status === 'expired')
    return new AppError(409, 'appointmentDocumentsCancelled');
  if (a.status !== 'confirmed' || a.starts_at <= now) return new AppError(410, 'appointmentDocumentsClosed');
  return null;
}

/**
 * Locks the appointment (uploads and deletions of one appointment run one after another, so two
 * parallel uploads cannot both take the last place) and refuses when it no longer takes documents.
 */
export async function lockAppointmentForDocuments(trx: Transaction<DB>, appointmentId: number, now: Date) {
  const appointment = await trx
    .selectFrom('appointments')
    .select(['id', 'status', 'starts_at', 'anonymised_at'])
    .where('id', '=', appointmentId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const closed = documentsClosedReason(appointment, now);
  if (closed) throw closed;
  return appointment;
}

/**
 * The type of an upload is what its content is (magic bytes). The declared type may be empty or
 * generic (application/octet-stream); a declared allowed type that differs from the content is a lie.
 */
export function documentTypeOf(declared: string, content: Buffer, filename: string): DocumentType {
  let type = declared.split(';')[0].trim().toLowerCase();
  if (type === 'image/jpg' || type === 'image/pjpeg') type = 'image/jpeg';
  const generic = type === '' || type === 'application/octet-stream';
  if (content.length === 0) throw new AppError(422, 'appointmentDocumentEmpty', { filename });
  if (!generic && !(documentTypes as readonly string[]).includes(type))
    throw new AppError(415, 'appointmentDocumentTypeNotAllowed', { type, filename });
  const sniffed = sniffType(content, documentTypes);
  if (!sniffed)
    throw generic
      ? new AppError(415, 'appointmentDocumentTypeNotAllowed', { type: type || '?', filename })
      : new AppError(415, 'appointmentDocumentTypeMismatch', { type, filename });
  if (!generic && sniffed !== type)
    throw new AppError(415, 'appointmentDocumentTypeMismatch', { type, filename });
  return sniffed;
}

export async function listDocuments(db: Db, appointmentId: number) {
  return (await listDocumentsOf(db, [appointmentId])).get(appointmentId) ?? [];
}

export interface AppointmentDocument {
  id: number;
  filename: string;
  contentType: string;
  size: number;
  createdAt: Date;
}

/** The documents (metadata, no content) of several appointments in one query, by appointment id. */
export async function listDocumentsOf(db: Db, appointmentIds: number[]) {
  const byAppointment = new Map<number, AppointmentDocument[]>();
  if (appointmentIds.length === 0) return byAppointment;
  const rows = await db
    .selectFrom('appointment_documents')
    .select(['appointment_id', 'id', 'filename', 'content_type', 'size_bytes', 'created_at'])
    .where((eb) => eb('appointment_id', '=', eb.fn.any(eb.val(appointmentIds))))
    .orderBy('appointment_id')
    .orderBy('id')
    .execute();
  for (const d of rows) {
    const list = byAppointment.get(d.appointment_id) ?? [];
    list.push({
      id: d.id,
      filename: d.filename,
      contentType: d.content_type,
      size: d.size_bytes,
      createdAt: d.created_at,
    });
    byAppointment.set(d.appointment_id, list);
  }
  return byAppointment;
}

/**
 * Who reads a citizen's documents: only the clerk the appointment is assigned to now (after
 * forwarding: the deputy) and administrators — not the other clerks of the office.
 */
export const mayReadDocuments = (actor: Actor, clerkPersonId: number) =>
  clerkPersonId === actor.id || actor.isAdmin;

/** The clerk's side of one appointment's documents: anyone but those of mayReadDocuments gets 404. */
export async function findClerkAppointment(db: Db, actor: Actor, appointmentId: number) {
  const row = await db
    .selectFrom('appointments as a')
    .innerJoin('appointment_clerks as c', 'c.id', 'a.clerk_id')
    .select(['a.id', 'a.booking_number', 'c.person_id'])
    .where('a.id', '=', appointmentId)
    .executeTakeFirst();
  if (!row || !mayReadDocuments(actor, row.person_id)) throw new AppError(404, 'notFound');
  return row;
}

export async function loadDocument(db: Db, appointmentId: number, documentId: number) {
  const row = await db
    .selectFrom('appointment_documents')
    .select(['id', 'filename', 'content_type', 'size_bytes', 'content'])
    .where('appointment_id', '=', appointmentId)
    .where('id', '=', documentId)
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'notFound');
  return row;
}
