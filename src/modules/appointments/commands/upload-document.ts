import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { AppError } from '../../../http/errors';
import { sha256 } from '../../../shared/tokens';
import { recordAudit } from '../../audit/audit-log';
import { loadSettings } from '../availability';
import { documentLimits, documentTypeOf, lockAppointmentForDocuments, megabytes } from '../documents';

export interface DocumentUpload {
  filename: string;
  declaredType: string;
  content: Buffer;
}

/** Keeps what a file name may carry into a Content-Disposition header and a page. */
export function cleanFilename(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we remove
  const cleaned = name.replace(/[\u0000-\u001f\u007f\\/"<>]/g, '_').trim();
  return cleaned.slice(-255) || 'dokument';
}

/**
 * The citizen adds a document before the appointment: content type by magic bytes, limits per file
 * and per appointment checked under a row lock of the appointment (two parallel uploads cannot both
 * take the last place), insert and audit row in one transaction.
 */
export async function uploadDocument(ctx: AppContext, appointmentId: number, file: DocumentUpload) {
  const limits = documentLimits(await loadSettings(ctx.db));
  const filename = cleanFilename(file.filename);
  if (file.content.length > limits.maxFileBytes)
    throw new AppError(413, 'appointmentDocumentTooLarge', {
      filename,
      limit: megabytes(limits.maxFileBytes),
    });
  const contentType = documentTypeOf(file.declaredType, file.content, filename);
  const now = new Date();
  return ctx.db.transaction().execute(async (trx) => {
    await lockAppointmentForDocuments(trx, appointmentId, now);
    const used = await trx
      .selectFrom('appointment_documents')
      .select([sql<string>`count(*)`.as('n'), sql<string>`coalesce(sum(size_bytes), 0)`.as('bytes')])
      .where('appointment_id', '=', appointmentId)
      .executeTakeFirstOrThrow();
    if (Number(used.n) >= limits.maxFiles)
      throw new AppError(422, 'appointmentDocumentsTooMany', { max: limits.maxFiles });
    if (Number(used.bytes) + file.content.length > limits.maxTotalBytes)
      throw new AppError(413, 'appointmentDocumentsTotalTooLarge', {
        filename,
        limit: megabytes(limits.maxTotalBytes),
      });
    const row = await trx
      .insertInto('appointment_documents')
      .values({
        appointment_id: appointmentId,
        filename,
        content_type: contentType,
        size_bytes: file.content.length,
        sha256: sha256(file.content),
        content: file.content,
      })
      .returning(['id', 'filename', 'content_type', 'size_bytes', 'created_at'])
      .executeTakeFirstOrThrow();
    // no file name in the audit log: it may name the citizen, and the log outlives the retention period
    await recordAudit(trx, null, 'appointments.document.upload', 'appointment', appointmentId, null, {
      documentId: row.id,
      contentType,
      size: row.size_bytes,
    });
    return {
      id: row.id,
      filename: row.filename,
      contentType: row.content_type,
      size: row.size_bytes,
      createdAt: row.created_at,
    };
  });
}
