import { type FormEvent, useState } from 'react';
import { Field } from '../components/Field';
import { type FormProblem, ProblemAlert, problemFrom } from '../components/ProblemAlert';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { useLanguage, useT } from '../i18n/I18nProvider';
import { parseEuros } from '../money';
import { Link } from '../router';
import {
  closeInnovationRound,
  getInnovationRound,
  type InnovationProject,
  type InnovationRound,
  listInnovationRounds,
  registerInnovationProject,
  scoreInnovationProject,
} from '../rulebookApi';
import { useMe } from '../session';

const euros = (cents: number, lang: string) =>
  new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'de-DE', { style: 'currency', currency: 'EUR' }).format(
    cents / 100,
  );

/** The innovation rounds the caller takes part in (IT heads: all). */
export function InnovationRoundsPage() {
  const t = useT();
  const { lang } = useLanguage();
  usePageTitle(t('innovation.title'));
  const rounds = useResource((signal) => listInnovationRounds(signal), 'innovation-rounds');
  const items = rounds.data?.items ?? [];
  return (
    <>
      <h1>{t('innovation.title')}</h1>
      <p>{t('innovation.intro')}</p>
      <ProblemAlert problem={rounds.error && { error: rounds.error, fieldErrors: {} }} focus={false} />
      {rounds.data && items.length === 0 && <p className="notice">{t('innovation.none')}</p>}
      {items.length > 0 && (
        <ul className="innovation-rounds">
          {items.map((r) => (
            <li key={r.id}>
              <Link href={`/innovation/${r.id}`}>{r.name}</Link>{' '}
              <span className="muted">
                {t('innovation.roundSummary', {
                  quarter: r.quarter,
                  amount: euros(r.amount, lang),
                  maxFunded: r.maxFunded,
                  state: t(`innovation.states.${r.state}`),
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** One round: criteria, projects, the caller's scores, the ranking; the chair closes it. */
export function InnovationRoundPage({ id }: { id: number }) {
  const t = useT();
  const round = useResource((signal) => getInnovationRound(id, signal), `innovation-round-${id}`);
  usePageTitle(round.data?.name ?? t('innovation.title'));
  const [status, setStatus] = useState<string | null>(null);
  const update = (data: InnovationRound, message: string) => {
    round.replace(data);
    setStatus(message);
  };
  if (!round.data)
    return (
      <>
        <h1>{t('innovation.title')}</h1>
        <ProblemAlert problem={round.error && { error: round.error, fieldErrors: {} }} focus={false} />
      </>
    );
  const r = round.data;
  return (
    <>
      <p>
        <Link href="/innovation">{t('innovation.back')}</Link>
      </p>
      <h1>{r.name}</h1>
      <div role="status" className={status ? 'notice notice--success' : undefined}>
        {status && <p>{status}</p>}
      </div>
      <dl className="facts">
        <dt>{t('innovation.quarter')}</dt>
        <dd>{r.quarter}</dd>
        <dt>{t('innovation.period')}</dt>
        <dd>{r.period.name}</dd>
        <dt>{t('innovation.amount')}</dt>
        <dd>{r.amountFormatted}</dd>
        <dt>{t('innovation.maxFunded')}</dt>
        <dd>{r.maxFunded}</dd>
        <dt>{t('innovation.chair')}</dt>
        <dd>{r.chair.name}</dd>
        <dt>{t('innovation.members')}</dt>
        <dd>{r.members.map((m) => m.name).join(', ') || '–'}</dd>
        <dt>{t('innovation.state')}</dt>
        <dd>{t(`innovation.states.${r.state}`)}</dd>
      </dl>

      <h2>{t('innovation.criteria')}</h2>
      <ul>
        {r.criteria.map((c) => (
          <li key={c.id}>{t('innovation.criterionWeight', { name: c.name, weight: c.weight })}</li>
        ))}
      </ul>

      <Ranking round={r} />

      {r.can.score && r.projects.length > 0 && (
        <section aria-labelledby="innovation-score">
          <h2 id="innovation-score">{t('innovation.yourScores')}</h2>
          <p>{t('innovation.scoreHint')}</p>
          {r.projects.map((p) => (
            <ScoreForm
              key={p.id}
              round={r}
              project={p}
              onSaved={(data) => update(data, t('innovation.scored', { title: p.title }))}
            />
          ))}
        </section>
      )}

      {r.can.register && (
        <RegisterForm
          round={r}
          onSaved={(data, title) => update(data, t('innovation.registered', { title }))}
        />
      )}

      {r.can.close && <CloseRound round={r} onClosed={(data) => update(data, t('innovation.closed'))} />}
    </>
  );
}

function Ranking({ round }: { round: InnovationRound }) {
  const t = useT();
  const memberName = (id: number) => round.members.find((m) => m.id === id)?.name ?? String(id);
  const criterionName = (id: number) => round.criteria.find((c) => c.id === id)?.name ?? String(id);
  return (
    <section aria-labelledby="innovation-ranking">
      <h2 id="innovation-ranking">{t('innovation.ranking')}</h2>
      <p>{t('innovation.rankingRules')}</p>
      {round.projects.length === 0 ? (
        <p className="notice">{t('innovation.noProjects')}</p>
      ) : (
        <>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable so keyboard users can scroll it (axe scrollable-region-focusable) */}
          <section className="table-wrap" aria-label={t('innovation.rankingCaption')} tabIndex={0}>
            <table className="innovation-ranking">
              <caption>{t('innovation.rankingCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('innovation.rank')}
                  </th>
                  <th scope="col">{t('innovation.project')}</th>
                  <th scope="col" className="num">
                    {t('innovation.requested')}
                  </th>
                  <th scope="col" className="num">
                    {t('innovation.points')}
                  </th>
                  <th scope="col" className="num">
                    {t('innovation.missingScores')}
                  </th>
                  <th scope="col">{t('innovation.funded')}</th>
                </tr>
              </thead>
              <tbody>
                {round.projects.map((p) => (
                  <tr key={p.id} data-project={p.id}>
                    <td className="num">{p.rank ?? '–'}</td>
                    <th scope="row">
                      {p.title}
                      <br />
                      <span className="muted">{p.orgUnit.name}</span>
                    </th>
                    <td className="num">{p.requestedFormatted}</td>
                    <td className="num points">{p.points}</td>
                    <td className="num missing">{p.missingScores}</td>
                    <td className="funded">
                      {p.funded ? (
                        <span className="badge">{t('innovation.fundedYes')}</span>
                      ) : (
                        t('innovation.fundedNo')
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <h3>{t('innovation.allScores')}</h3>
          {round.projects.map((p) => (
            <details key={p.id}>
              <summary>{t('innovation.scoresOf', { title: p.title, count: p.scores.length })}</summary>
              {p.scores.length === 0 ? (
                <p>{t('innovation.noScores')}</p>
              ) : (
                <ul>
                  {p.scores.map((s) => (
                    <li key={`${s.memberId}-${s.criterionId}`}>
                      {memberName(s.memberId)} · {criterionName(s.criterionId)}: {s.score}
                    </li>
                  ))}
                </ul>
              )}
            </details>
          ))}
        </>
      )}
    </section>
  );
}

function ScoreForm({
  round,
  project,
  onSaved,
}: {
  round: InnovationRound;
  project: InnovationProject;
  onSaved: (data: InnovationRound) => void;
}) {
  const t = useT();
  const me = useMe();
  const mine = (criterionId: number) =>
    project.scores.find((s) => s.memberId === me.id && s.criterionId === criterionId)?.score;
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(round.criteria.map((c) => [c.key, String(mine(c.id) ?? '')])),
  );
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldId = (key: string) => `score-${project.id}-${key}`;
  const fields = Object.fromEntries(
    round.criteria.map((c) => [c.key, { id: fieldId(c.key), label: `${project.title}: ${c.name}` }]),
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const fieldErrors: Record<string, string> = {};
    for (const c of round.criteria)
      if (values[c.key] === '') fieldErrors[c.key] = t('innovation.scoreMissing');
    if (Object.keys(fieldErrors).length) {
      setProblem({ fieldErrors });
      return;
    }
    setBusy(true);
    try {
      const scores = Object.fromEntries(round.criteria.map((c) => [c.key, Number(values[c.key])]));
      const data = await scoreInnovationProject(round.id, project.id, scores);
      setProblem(null);
      onSaved(data);
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="score-form">
      <fieldset>
        <legend>{project.title}</legend>
        <ProblemAlert problem={problem} fields={fields} />
        {round.criteria.map((c) => (
          <Field
            key={c.key}
            id={fieldId(c.key)}
            label={t('innovation.criterionWeight', { name: c.name, weight: c.weight })}
            error={problem?.fieldErrors[c.key]}
          >
            {(control) => (
              <select
                {...control}
                value={values[c.key]}
                onChange={(e) => setValues((v) => ({ ...v, [c.key]: e.target.value }))}
              >
                <option value="">{t('innovation.choose')}</option>
                {[0, 1, 2, 3, 4, 5].map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ))}
        <button type="submit" className="button" disabled={busy}>
          {t('innovation.saveScores', { title: project.title })}
        </button>
      </fieldset>
    </form>
  );
}

function RegisterForm({
  round,
  onSaved,
}: {
  round: InnovationRound;
  onSaved: (data: InnovationRound, title: string) => void;
}) {
  const t = useT();
  const [values, setValues] = useState({ title: '', description: '', requested: '' });
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = {
    title: { id: 'project-title', label: t('innovation.projectTitle') },
    description: { id: 'project-description', label: t('innovation.projectDescription') },
    requested: { id: 'project-requested', label: t('innovation.projectRequested') },
  };
  const set = (name: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [name]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const fieldErrors: Record<string, string> = {};
    if (!values.title.trim()) fieldErrors.title = t('errors.required');
    const requested = parseEuros(values.requested);
    if (requested === null || requested <= 0) fieldErrors.requested = t('innovation.amountInvalid');
    if (Object.keys(fieldErrors).length) {
      setProblem({ fieldErrors });
      return;
    }
    setBusy(true);
    try {
      const title = values.title.trim();
      const data = await registerInnovationProject(round.id, {
        title,
        description: values.description,
        requested: requested as number,
      });
      setProblem(null);
      setValues({ title: '', description: '', requested: '' });
      onSaved(data, title);
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="innovation-register">
      <h2 id="innovation-register">{t('innovation.register')}</h2>
      <ProblemAlert problem={problem} fields={fields} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field id={fields.title.id} label={fields.title.label} error={problem?.fieldErrors.title}>
          {(control) => <input {...control} type="text" value={values.title} onChange={set('title')} />}
        </Field>
        <Field
          id={fields.description.id}
          label={fields.description.label}
          error={problem?.fieldErrors.description}
        >
          {(control) => (
            <textarea {...control} rows={4} value={values.description} onChange={set('description')} />
          )}
        </Field>
        <Field
          id={fields.requested.id}
          label={fields.requested.label}
          hint={t('innovation.projectRequestedHint')}
          error={problem?.fieldErrors.requested}
        >
          {(control) => (
            <input
              {...control}
              type="text"
              inputMode="decimal"
              value={values.requested}
              onChange={set('requested')}
            />
          )}
        </Field>
        <button type="submit" className="button" disabled={busy}>
          {t('innovation.registerSubmit')}
        </button>
      </form>
    </section>
  );
}

function CloseRound({
  round,
  onClosed,
}: {
  round: InnovationRound;
  onClosed: (data: InnovationRound) => void;
}) {
  const t = useT();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const close = async () => {
    if (busy || !window.confirm(t('innovation.closeConfirm'))) return;
    setBusy(true);
    try {
      onClosed(await closeInnovationRound(round.id));
      setProblem(null);
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="innovation-close">
      <h2 id="innovation-close">{t('innovation.closeHeading')}</h2>
      <p>{t('innovation.closeHint', { maxFunded: round.maxFunded, amount: round.amountFormatted })}</p>
      <ProblemAlert problem={problem} />
      <button type="button" className="button" onClick={() => void close()} disabled={busy}>
        {t('innovation.close')}
      </button>
    </section>
  );
}
