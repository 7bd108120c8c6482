import { type FormEvent, type ReactNode, useEffect, useRef } from 'react';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n/I18nProvider';
import type { FormKit } from './formKit';

/** Frame of every admin form: heading (focused when the form opens), error summary, save and cancel. */
export function AdminForm({
  kit,
  title,
  onSubmit,
  onCancel,
  children,
}: {
  kit: FormKit;
  title: string;
  onSubmit: (event: FormEvent) => void;
  onCancel?: () => void;
  children: ReactNode;
}) {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = kit.id('heading');
  // a form that opens on demand (it has a cancel) takes the focus once, when it appears
  const opensOnDemand = useRef(Boolean(onCancel));
  useEffect(() => {
    if (opensOnDemand.current) heading.current?.focus();
  }, []);
  return (
    <form className="form form--inline" aria-labelledby={headingId} onSubmit={onSubmit} noValidate>
      <h3 id={headingId} ref={heading} tabIndex={-1}>
        {title}
      </h3>
      <ProblemAlert problem={kit.problem} fields={kit.fields} />
      {children}
      <div className="button-row">
        <button type="submit" className="button">
          {t('appointmentAdmin.save')}
        </button>
        {onCancel && (
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t('appointmentAdmin.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
