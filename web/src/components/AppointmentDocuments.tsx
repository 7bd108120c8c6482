import type { AppointmentDocument } from '../api';
import { formatFileSize } from '../format';
import { useLanguage, useT } from '../i18n/I18nProvider';

/**
 * The documents a citizen uploaded before the appointment, as download links. The list comes with
 * the appointment in "Meine Termine" (only for the assigned clerk and administrators); each
 * download is audited by the API. Renders nothing when there are none.
 */
export function AppointmentDocuments({
  appointmentId,
  bookingNumber,
  documents,
}: {
  appointmentId: number;
  bookingNumber: string;
  documents: AppointmentDocument[];
}) {
  const t = useT();
  const { lang } = useLanguage();
  if (documents.length === 0) return null;
  return (
    <ul className="attachments" aria-label={t('appointmentsCitizen.documentsOf', { number: bookingNumber })}>
      {documents.map((d) => (
        <li key={d.id}>
          <a href={`/api/v1/appointments/${appointmentId}/documents/${d.id}`} download={d.filename}>
            {d.filename}
          </a>{' '}
          <span className="muted">({formatFileSize(d.size, lang)})</span>
        </li>
      ))}
    </ul>
  );
}
