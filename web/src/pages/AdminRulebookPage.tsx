import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { DateTime } from '../components/DateTime';
import { Field } from '../components/Field';
import { type FormProblem, ProblemAlert, problemFrom } from '../components/ProblemAlert';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { useLanguage, useT } from '../i18n/I18nProvider';
import {
  answerPaths,
  type Evaluation,
  getRulebook,
  previewRulebook,
  publishRulebook,
  type RulebookPreview,
  type RulebookVersion,
  type RuleSet,
} from '../rulebookApi';

const EDITOR_ID = 'rulebook-json';
const NOTE_ID = 'rulebook-note';

/** Admins: the current rulebook, readable; a JSON editor with a preview against it; publish a new version. */
export function AdminRulebookPage() {
  const t = useT();
  usePageTitle(t('rulebook.admin.title'));
  const current = useResource((signal) => getRulebook(signal), 'admin-rulebook');
  // kept here: the editor starts afresh (keyed by version) once the new version has loaded
  const [published, setPublished] = useState<number | null>(null);
  return (
    <>
      <h1>{t('rulebook.admin.title')}</h1>
      <p>{t('rulebook.admin.intro')}</p>
      <ProblemAlert problem={current.error && { error: current.error, fieldErrors: {} }} focus={false} />
      {current.data && (
        <>
          {published !== null && <PublishedNotice key={published} version={published} />}
          <CurrentVersion rulebook={current.data} />
          <RulebookEditor
            key={current.data.version}
            current={current.data}
            onPublished={(version) => {
              setPublished(version);
              current.reload();
            }}
          />
        </>
      )}
    </>
  );
}

function CurrentVersion({ rulebook }: { rulebook: RulebookVersion }) {
  const t = useT();
  const { lang } = useLanguage();
  const { rules } = rulebook;
  const questionText = (key: string) => rules.questions.find((q) => q.key === key)?.text[lang] ?? key;
  return (
    <section aria-labelledby="rulebook-current">
      <h2 id="rulebook-current">{t('rulebook.admin.current', { version: rulebook.version })}</h2>
      <p className="rulebook-meta">
        {t('rulebook.admin.publishedBy', { author: rulebook.author ?? t('rulebook.admin.system') })}{' '}
        <DateTime value={rulebook.createdAt} />
        {rulebook.note && (
          <>
            {' · '}
            {t('rulebook.admin.note')}: {rulebook.note}
          </>
        )}
      </p>
      <h3>{t('rulebook.admin.questions')}</h3>
      <ol className="rulebook-questions">
        {rules.questions.map((q) => (
          <li key={q.key}>
            {q.text[lang]} <span className="muted">({q.key})</span>
            {q.help && <span className="field__hint">{q.help[lang]}</span>}
          </li>
        ))}
      </ol>
      <h3>{t('rulebook.admin.rules')}</h3>
      <p>{t('rulebook.admin.rulesIntro')}</p>
      <ol className="rulebook-rules">
        {rules.rules.map((r) => (
          <li key={r.id} data-rule={r.id}>
            <p>
              <strong>{t(`rulebook.outcomes.${r.outcome}`)}</strong> <span className="muted">({r.id})</span>
            </p>
            <p>
              {r.when.length === 0
                ? t('rulebook.admin.otherwise')
                : `${t('rulebook.admin.when')} ${r.when
                    .map(
                      (c) => `${questionText(c.question)} – ${c.is ? t('rulebook.yes') : t('rulebook.no')}`,
                    )
                    .join('; ')}`}
            </p>
            <p>
              {t('rulebook.reason')}: {r.reason[lang]}
            </p>
            <blockquote className="rule-quote">
              <p>{r.quote}</p>
            </blockquote>
          </li>
        ))}
      </ol>
      {rules.principles.length > 0 && (
        <>
          <h3>{t('rulebook.admin.principles')}</h3>
          <ul>
            {rules.principles.map((p) => (
              <li key={p.text}>
                {p.text}{' '}
                <span className="muted">
                  ({p.appliesTo.map((o) => t(`rulebook.outcomes.${o}`)).join(', ')})
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Server problems (problem+json `errors` or the preview's `problems`) as entries linked to the editor. */
function editorProblem(
  problem: FormProblem,
  label: string,
): [FormProblem, Record<string, { id: string; label: string }>] {
  const fieldErrors: Record<string, string> = {};
  const fields: Record<string, { id: string; label: string }> = {};
  const list =
    problem.error?.problem.errors ??
    Object.entries(problem.fieldErrors).map(([field, message]) => ({ field, message }));
  for (const e of list) {
    const path = e.field.replace(/^body\.?/, '') || 'rules';
    if (path === 'note') {
      fieldErrors[path] = e.message;
      continue;
    }
    fieldErrors[path] ??= e.message;
    fields[path] = { id: EDITOR_ID, label: `${label} (${path})` };
  }
  return [{ error: problem.error, fieldErrors }, fields];
}

function RulebookEditor({
  current,
  onPublished,
}: {
  current: RulebookVersion;
  onPublished: (version: number) => void;
}) {
  const t = useT();
  const [text, setText] = useState(() => JSON.stringify(current.rules, null, 2));
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [preview, setPreview] = useState<RulebookPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const editorLabel = t('rulebook.admin.editor');

  const parse = (): unknown | undefined => {
    try {
      return JSON.parse(text);
    } catch (error) {
      setPreview(null);
      setProblem({
        fieldErrors: {
          rules: t('rulebook.admin.invalidJson', { message: error instanceof Error ? error.message : '' }),
        },
      });
      return undefined;
    }
  };

  const runPreview = async () => {
    if (busy) return;
    const draft = parse();
    if (draft === undefined) return;
    // the test cases: every path of answers through the current rules and through the draft
    const cases = new Map<string, Record<string, boolean>>();
    const add = (paths: Record<string, boolean>[]) => {
      for (const p of paths) if (cases.size < 100) cases.set(JSON.stringify(p), p);
    };
    add(answerPaths(current.rules));
    try {
      add(answerPaths(draft as RuleSet));
    } catch {
      // a draft of the wrong shape: the server names the problems
    }
    setBusy(true);
    try {
      const result = await previewRulebook(draft, [...cases.values()]);
      if (result.valid) {
        setProblem(null);
        setPreview(result);
      } else {
        setPreview(null);
        setProblem({ fieldErrors: Object.fromEntries(result.problems.map((p) => [p.field, p.message])) });
      }
    } catch (error) {
      setPreview(null);
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };

  const publish = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const draft = parse();
    if (draft === undefined) return;
    setBusy(true);
    try {
      const { version } = await publishRulebook(draft, note.trim());
      setProblem(null);
      setPreview(null);
      onPublished(version);
    } catch (error) {
      setPreview(null);
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };

  // memoised: the summary takes the focus whenever its problem object changes, not on every keystroke
  const noteLabel = t('rulebook.admin.note');
  const [shown, fields] = useMemo(() => {
    const [summary, linked] = problem
      ? editorProblem(problem, editorLabel)
      : [null, {} as Record<string, { id: string; label: string }>];
    return [summary, { ...linked, note: { id: NOTE_ID, label: noteLabel } }] as const;
  }, [problem, editorLabel, noteLabel]);
  const editorError = shown ? Object.entries(shown.fieldErrors).find(([k]) => k !== 'note')?.[1] : undefined;

  return (
    <section aria-labelledby="rulebook-edit">
      <h2 id="rulebook-edit">{t('rulebook.admin.editHeading')}</h2>
      <ProblemAlert problem={shown} fields={fields} />
      <form onSubmit={(e) => void publish(e)} noValidate>
        <Field id={EDITOR_ID} label={editorLabel} hint={t('rulebook.admin.editorHint')} error={editorError}>
          {(control) => (
            <textarea
              {...control}
              className="code-editor"
              rows={24}
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
        <Field
          id={NOTE_ID}
          label={t('rulebook.admin.note')}
          hint={t('rulebook.admin.noteHint')}
          error={shown?.fieldErrors.note}
        >
          {(control) => (
            <input {...control} type="text" value={note} onChange={(e) => setNote(e.target.value)} />
          )}
        </Field>
        <p className="button-row">
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void runPreview()}
            disabled={busy}
          >
            {t('rulebook.admin.preview')}
          </button>
          <button type="submit" className="button" disabled={busy}>
            {t('rulebook.admin.publish')}
          </button>
        </p>
      </form>
      {preview && <PreviewResult preview={preview} current={current} />}
    </section>
  );
}

function PublishedNotice({ version }: { version: number }) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <div ref={box} className="notice notice--success" role="status" tabIndex={-1}>
      <p>{t('rulebook.admin.published', { version })}</p>
    </div>
  );
}

function outcomeText(e: Evaluation, t: ReturnType<typeof useT>) {
  if (!e.complete || !e.outcome)
    return t('rulebook.admin.incomplete', { question: e.nextQuestion?.text ?? '' });
  return `${t(`rulebook.outcomes.${e.outcome}`)} (${e.ruleId})`;
}

function PreviewResult({ preview, current }: { preview: RulebookPreview; current: RulebookVersion }) {
  const t = useT();
  const { lang } = useLanguage();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  const changed = preview.results.filter(
    (r) => r.draft.outcome !== r.current.outcome || r.draft.ruleId !== r.current.ruleId,
  );
  const questionText = (key: string) => current.rules.questions.find((q) => q.key === key)?.text[lang] ?? key;
  return (
    <section aria-labelledby="rulebook-preview">
      <h3 id="rulebook-preview">{t('rulebook.admin.previewHeading')}</h3>
      <div ref={box} className="notice" role="status" tabIndex={-1}>
        <p>
          {changed.length === 0
            ? t('rulebook.admin.previewUnchanged', { count: preview.results.length })
            : t('rulebook.admin.previewChanged', { changed: changed.length, count: preview.results.length })}
        </p>
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable so keyboard users can scroll it (axe scrollable-region-focusable) */}
      <section className="table-wrap" aria-label={t('rulebook.admin.previewCaption')} tabIndex={0}>
        <table className="rulebook-preview">
          <caption>{t('rulebook.admin.previewCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rulebook.admin.answers')}</th>
              <th scope="col">{t('rulebook.admin.currentOutcome', { version: current.version })}</th>
              <th scope="col">{t('rulebook.admin.draftOutcome')}</th>
              <th scope="col">{t('rulebook.admin.change')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.results.map((r) => {
              const differs = r.draft.outcome !== r.current.outcome || r.draft.ruleId !== r.current.ruleId;
              return (
                <tr key={JSON.stringify(r.answers)} data-changed={differs ? 'yes' : 'no'}>
                  <td>
                    <ul className="plain-list">
                      {Object.entries(r.answers).map(([key, value]) => (
                        <li key={key}>
                          {questionText(key)} – {value ? t('rulebook.yes') : t('rulebook.no')}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>{outcomeText(r.current, t)}</td>
                  <td>
                    {outcomeText(r.draft, t)}
                    {r.draft.complete && r.draft.reason && <span className="muted"> – {r.draft.reason}</span>}
                  </td>
                  <td>
                    {differs ? <strong>{t('rulebook.admin.changed')}</strong> : t('rulebook.admin.same')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </section>
  );
}
