import { request } from '../api';
import { formatFileSize } from '../format';
import { useResource } from '../hooks/useResource';
import { useLanguage, useT } from '../i18n/I18nProvider';

interface AppointmentDocument {
  id: number;
  filename: string;
  contentType: string;
  size: number;
  createdAt: string;
}

const documentsPath = (appointmentId: number) => `/appointments/${appointmentId}/documents`;

/**
 * The documents a citizen uploaded before the appointment, as download links — for the assigned
 * clerk (the API answers 404 to anyone else). Renders nothing when there are none.
 */
export function AppointmentDocuments({
  appointmentId,
  bookingNumber,
}: {
  appointmentId: number;
  bookingNumber: string;
}) {
  const t = useT();
  const { lang } = useLanguage();
  const documents = useResource(
    (signal) =>
      request<{ items: AppointmentDocument[] }>('GET', documentsPath(appointmentId), undefined, signal),
    `appointment-documents-${appointmentId}`,
  );
  const items = documents.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <ul className="attachments" aria-label={t('appointmentsCitizen.documentsOf', { number: bookingNumber })}>
      {items.map((d) => (
        <li key={d.id}>
          <a href={`/api/v1${documentsPath(appointmentId)}/${d.id}`} download={d.filename}>
            {d.filename}
          </a>{' '}
          <span className="muted">({formatFileSize(d.size, lang)})</span>
        </li>
      ))}
    </ul>
  );
}
