import { attachmentUrl } from '../api';
import { formatFileSize } from '../format';
import { useLanguage } from '../i18n/I18nProvider';
import type { Attachment } from '../types';

export function AttachmentList({ attachments, label }: { attachments: Attachment[]; label?: string }) {
  const { lang } = useLanguage();
  if (attachments.length === 0) return null;
  return (
    <ul className="attachments" aria-label={label}>
      {attachments.map((attachment) => (
        <li key={attachment.id}>
          <a href={attachmentUrl(attachment.id)} download={attachment.filename}>
            {attachment.filename}
          </a>{' '}
          <span className="muted">({formatFileSize(attachment.size, lang)})</span>
        </li>
      ))}
    </ul>
  );
}
