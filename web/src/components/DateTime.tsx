import { formatDateTime } from '../format';
import { useLanguage, useT } from '../i18n/I18nProvider';

export function DateTime({ value }: { value: string }) {
  const { lang } = useLanguage();
  return <time dateTime={value}>{formatDateTime(value, lang)}</time>;
}

/** A due date with an "überfällig" marker in words, not only in colour. */
export function DueDate({ value, overdue }: { value: string | null; overdue: boolean }) {
  const t = useT();
  return (
    <>
      {value ? <DateTime value={value} /> : t('ticket.noDueDate')}
      {overdue && (
        <>
          {' '}
          <span className="badge badge--overdue">{t('ticket.overdue')}</span>
        </>
      )}
    </>
  );
}
