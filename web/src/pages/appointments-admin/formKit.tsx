import { type FormEvent, type ReactNode, useState } from 'react';
import { useAnnounce } from '../../announcer';
import { Field } from '../../components/Field';
import type { FormProblem } from '../../components/ProblemAlert';
import { toApiError } from '../../hooks/useResource';
import { useT } from '../../i18n/I18nProvider';

// The admin forms of appointments share one way to label fields, show errors, submit and announce:
// a FormKit built from the form's labels. Server errors (problem+json `errors` with paths like
// "body.openingHours.1.0") are mapped to the field that shows them ("openingHours.1").

export interface FormKit {
  id: (name: string) => string;
  label: (name: string) => string;
  error: (name: string) => string | undefined;
  problem: FormProblem | null;
  /** field name → id and label, for the links of the error summary */
  fields: Record<string, { id: string; label: string }>;
  submit: (
    event: FormEvent,
    send: () => Promise<unknown>,
    check?: () => Record<string, string>,
  ) => Promise<void>;
}

/** "body.openingHours.1.0" → "openingHours.1"; "body.letters.0" → "letters"; "body.name" → "name". */
export function fieldKey(path: string): string {
  const parts = path.split(/[./]/).filter(Boolean);
  if (parts[0] === 'body' || parts[0] === 'querystring') parts.shift();
  if ((parts[0] === 'openingHours' || parts[0] === 'schedule') && parts[1] !== undefined)
    return `${parts[0]}.${parts[1]}`;
  return parts[0] ?? path;
}

export function useFormKit(
  prefix: string,
  labels: Record<string, string>,
  onSaved: (result: unknown) => void,
): FormKit {
  const t = useT();
  const announce = useAnnounce();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const id = (name: string) => `${prefix}-${name.replace(/\./g, '-')}`;
  const fields = Object.fromEntries(
    Object.entries(labels).map(([name, label]) => [name, { id: id(name), label }]),
  );
  return {
    id,
    label: (name) => labels[name] ?? name,
    error: (name) => problem?.fieldErrors[name],
    problem,
    fields,
    async submit(event, send, check) {
      event.preventDefault();
      const local = check?.() ?? {};
      if (Object.keys(local).length) {
        setProblem({ fieldErrors: local });
        return;
      }
      try {
        const result = await send();
        setProblem(null);
        announce(t('appointmentAdmin.saved'));
        onSaved(result);
      } catch (caught) {
        const error = toApiError(caught);
        const fieldErrors: Record<string, string> = {};
        for (const e of error.problem.errors ?? []) {
          const key = fieldKey(e.field);
          fieldErrors[key] ??= labels[key] ? t('appointmentAdmin.invalid') : `${e.field}: ${e.message}`;
        }
        setProblem({ error, fieldErrors });
      }
    },
  };
}

interface InputProps {
  kit: FormKit;
  name: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  type?: 'text' | 'url' | 'number';
  rows?: number;
}

/** A labelled text, URL or number input (or a textarea with `rows`), its hint and its error. */
export function TextField({ kit, name, value, onChange, hint, type = 'text', rows }: InputProps) {
  return (
    <Field id={kit.id(name)} label={kit.label(name)} hint={hint} error={kit.error(name)}>
      {(control) =>
        rows ? (
          <textarea {...control} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} />
        ) : (
          <input
            {...control}
            type={type}
            inputMode={type === 'number' ? 'numeric' : undefined}
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
        )
      }
    </Field>
  );
}

/** A labelled select. */
export function SelectField({
  kit,
  name,
  value,
  onChange,
  children,
}: {
  kit: FormKit;
  name: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <Field id={kit.id(name)} label={kit.label(name)} error={kit.error(name)}>
      {(control) => (
        <select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
          {children}
        </select>
      )}
    </Field>
  );
}

/** A group of checkboxes in a fieldset with a legend (modes, clerks); its id takes the focus from the summary. */
export function CheckboxGroup<V extends string | number>({
  kit,
  name,
  options,
  chosen,
  onChange,
}: {
  kit: FormKit;
  name: string;
  options: Array<{ value: V; label: string }>;
  chosen: V[];
  onChange: (chosen: V[]) => void;
}) {
  const error = kit.error(name);
  return (
    <fieldset id={kit.id(name)} tabIndex={-1} className={error ? 'field field--error' : 'field'}>
      <legend>{kit.label(name)}</legend>
      {error && <p className="field__error">{error}</p>}
      {options.map((option) => (
        <div className="checkbox" key={option.value}>
          <input
            type="checkbox"
            id={`${kit.id(name)}-${option.value}`}
            checked={chosen.includes(option.value)}
            onChange={(e) =>
              onChange(
                e.target.checked ? [...chosen, option.value] : chosen.filter((v) => v !== option.value),
              )
            }
          />
          <label htmlFor={`${kit.id(name)}-${option.value}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** A single checkbox ("active"). */
export function CheckboxField({
  kit,
  name,
  checked,
  onChange,
}: {
  kit: FormKit;
  name: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <div className="checkbox">
      <input
        type="checkbox"
        id={kit.id(name)}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={kit.id(name)}>{kit.label(name)}</label>
    </div>
  );
}

/** Whole number from a text field, or undefined (the form reports it). */
export const wholeNumber = (value: string): number | undefined =>
  /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
