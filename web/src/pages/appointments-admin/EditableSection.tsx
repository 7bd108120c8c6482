import { type ReactNode, useRef, useState } from 'react';
import { useT } from '../../i18n/I18nProvider';

/**
 * A list with "new" and "edit" buttons and the form that opens below it. When the form closes,
 * the focus returns to the section heading (the saved change is announced by the form).
 */
export function EditableSection<T extends { id: number }>({
  id,
  title,
  newLabel,
  items,
  head,
  row,
  form,
}: {
  id: string;
  title: string;
  newLabel: string;
  items: T[];
  head: ReactNode;
  /** the cells of a row; the one that names the item gets `nameId` (it describes the edit button) */
  row: (item: T, nameId: string) => ReactNode;
  form: (item: T | null, done: (saved: boolean) => void) => ReactNode;
}) {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  const [editing, setEditing] = useState<{ item: T | null } | null>(null);
  const done = () => {
    setEditing(null);
    heading.current?.focus();
  };
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              {head}
              <th scope="col">
                <span className="visually-hidden">{t('appointmentAdmin.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                {row(item, `${id}-name-${item.id}`)}
                <td>
                  <button
                    type="button"
                    className="button button--secondary"
                    aria-describedby={`${id}-name-${item.id}`}
                    onClick={() => setEditing({ item })}
                  >
                    {t('appointmentAdmin.edit')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing ? (
        <div key={editing.item?.id ?? 'new'}>{form(editing.item, done)}</div>
      ) : (
        <p>
          <button type="button" className="button" onClick={() => setEditing({ item: null })}>
            {newLabel}
          </button>
        </p>
      )}
    </section>
  );
}
