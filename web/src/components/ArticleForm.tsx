import { type FormEvent, useState } from 'react';
import { useAnnounce } from '../announcer';
import { addArticle } from '../api';
import { useT } from '../i18n/I18nProvider';
import { Field } from './Field';
import { checkRequired, type FormProblem, ProblemAlert, problemFrom } from './ProblemAlert';

interface ArticleFormProps {
  ticketNumber: string;
  canReply: boolean;
  canNote: boolean;
  onSaved: () => void;
}

/** Public reply and, for agents, internal note — one form, a checkbox decides which. */
export function ArticleForm({ ticketNumber, canReply, canNote, onSaved }: ArticleFormProps) {
  const t = useT();
  const announce = useAnnounce();
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(!canReply);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = { body: { id: 'article-body', label: t('reply.body') } };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const missing = checkRequired({ body }, t);
    setProblem(missing);
    if (missing) return;
    setBusy(true);
    try {
      await addArticle(ticketNumber, canNote ? { body, internal } : { body });
      setBody('');
      announce(internal ? t('reply.noteSaved') : t('reply.sent'));
      onSaved();
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="form"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-labelledby="article-heading"
    >
      <h2 id="article-heading">{canNote ? t('reply.titleWorkspace') : t('reply.title')}</h2>
      <ProblemAlert problem={problem} fields={fields} />
      <Field id={fields.body.id} label={fields.body.label} error={problem?.fieldErrors.body}>
        {(control) => (
          <textarea
            {...control}
            name="body"
            rows={6}
            required
            value={body}
            onChange={(event) => setBody(event.target.value)}
          />
        )}
      </Field>
      {canNote && canReply && (
        <div className="checkbox">
          <input
            id="article-internal"
            type="checkbox"
            checked={internal}
            onChange={(event) => setInternal(event.target.checked)}
          />
          <label htmlFor="article-internal">{t('reply.internal')}</label>
        </div>
      )}
      <button type="submit" className="button" aria-disabled={busy || undefined}>
        {internal ? t('reply.submitNote') : t('reply.submit')}
      </button>
    </form>
  );
}
