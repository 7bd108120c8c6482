import type { AppContext } from '../../../context';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { findClerkAppointment, loadDocument } from '../documents';

/**
 * A clerk or administrator reads one of the citizen's documents: who looked at which document is
 * written to the audit log before the content leaves (data protection: reading citizen documents is
 * logged). A refused read (another clerk, unknown document) answers 404 and writes nothing.
 * The audit row names the document by id, type and size, not by its file name — like the upload
 * row: the file name can name the citizen and the audit log outlives the retention period.
 */
export async function downloadDocument(
  ctx: AppContext,
  actor: Actor,
  appointmentId: number,
  documentId: number,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const appointment = await findClerkAppointment(trx, actor, appointmentId);
    const doc = await loadDocument(trx, appointment.id, documentId);
    await recordAudit(trx, actor, 'appointments.document.download', 'appointment', appointment.id, null, {
      documentId: doc.id,
      contentType: doc.content_type,
      size: doc.size_bytes,
    });
    return doc;
  });
}
