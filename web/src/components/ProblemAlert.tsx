import { useEffect, useRef } from 'react';
import type { ApiError } from '../api';
import { toApiError } from '../hooks/useResource';
import { type Translate, useT } from '../i18n/I18nProvider';

/** What went wrong with a submit: the server's problem and/or messages per field. */
export interface FormProblem {
  error?: ApiError;
  fieldErrors: Record<string, string>;
}

export function problemFrom(error: unknown): FormProblem {
  const apiError = toApiError(error);
  return { error: apiError, fieldErrors: apiError.fieldErrors() };
}

/** Client-side check for empty required fields; null when all are filled. */
export function checkRequired(values: Record<string, string>, t: Translate): FormProblem | null {
  const fieldErrors: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (!value.trim()) fieldErrors[name] = t('errors.required');
  }
  return Object.keys(fieldErrors).length > 0 ? { fieldErrors } : null;
}

interface ProblemAlertProps {
  problem: FormProblem | undefined | null;
  /** Field name → id and label of the control, to link each message to its field. */
  fields?: Record<string, { id: string; label: string }>;
  /** Move focus to the summary when it appears (forms); off for errors while loading a page. */
  focus?: boolean;
}

/** Error summary: the server's translated detail plus links to the fields that need correcting. */
export function ProblemAlert({ problem, fields = {}, focus = true }: ProblemAlertProps) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (problem && focus) box.current?.focus();
  }, [problem, focus]);

  if (!problem) return null;
  const { error, fieldErrors } = problem;
  const message = !error
    ? t('errors.summary')
    : error.status === 0
      ? t('errors.network')
      : (error.problem.detail ?? t('errors.generic'));
  const entries = Object.entries(fieldErrors);
  return (
    <div ref={box} role="alert" className="notice notice--error" tabIndex={-1}>
      <p>{message}</p>
      {entries.length > 0 && (
        <ul>
          {entries.map(([name, text]) => {
            const field = fields[name];
            if (!field) return <li key={name}>{text}</li>;
            return (
              <li key={name}>
                <a
                  href={`#${field.id}`}
                  onClick={(event) => {
                    event.preventDefault();
                    document.getElementById(field.id)?.focus();
                  }}
                >
                  {field.label}: {text}
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
