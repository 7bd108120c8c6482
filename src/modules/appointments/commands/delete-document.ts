import type { AppContext } from '../../../context';
import { AppError } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import { lockAppointmentForDocuments } from '../documents';

/** The citizen removes one of their documents — only before the appointment starts. */
export async function deleteDocument(ctx: AppContext, appointmentId: number, documentId: number) {
  const now = new Date();
  return ctx.db.transaction().execute(async (trx) => {
    await lockAppointmentForDocuments(trx, appointmentId, now);
    const row = await trx
      .deleteFrom('appointment_documents')
      .where('appointment_id', '=', appointmentId)
      .where('id', '=', documentId)
      .returning(['id', 'size_bytes'])
      .executeTakeFirst();
    if (!row) throw new AppError(404, 'appointmentDocumentNotFound');
    await recordAudit(
      trx,
      null,
      'appointments.document.delete',
      'appointment',
      appointmentId,
      { documentId: row.id, size: row.size_bytes },
      null,
    );
    return row.id;
  });
}
