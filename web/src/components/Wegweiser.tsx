import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/I18nProvider';
import { type Evaluation, triage } from '../rulebookApi';
import { type FormProblem, ProblemAlert, problemFrom } from './ProblemAlert';

interface Props {
  onDone: (result: Evaluation, answers: Record<string, boolean>) => void;
  onRestart: () => void;
}

/** The Wegweiser: one yes/no question at a time (asked by the server's rules) until the process type is clear. */
export function Wegweiser({ onDone, onRestart }: Props) {
  const t = useT();
  const [answers, setAnswers] = useState<Record<string, boolean>>({});
  const [history, setHistory] = useState<{ key: string; text: string; answer: boolean }[]>([]);
  const [evaluation, setEvaluation] = useState<Evaluation | null>(null);
  const [choice, setChoice] = useState<'' | 'yes' | 'no'>('');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const legend = useRef<HTMLLegendElement>(null);
  const first = useRef(true);

  useEffect(() => {
    let active = true;
    triage({}).then(
      (result) => active && setEvaluation(result),
      (error: unknown) => active && setProblem(problemFrom(error)),
    );
    return () => {
      active = false;
    };
  }, []);

  useEffect(() => {
    // move focus to each new question (not on the first one: the page heading comes first)
    if (!evaluation?.nextQuestion) return;
    if (first.current) {
      first.current = false;
      return;
    }
    legend.current?.focus();
  }, [evaluation]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const question = evaluation?.nextQuestion;
    if (!question || !evaluation) return;
    if (!choice) {
      setProblem({ fieldErrors: { answer: t('rulebook.chooseAnswer') } });
      return;
    }
    const next = { ...answers, [question.key]: choice === 'yes' };
    try {
      const result = await triage(next, evaluation.ruleVersion);
      setProblem(null);
      setAnswers(next);
      setHistory((h) => [...h, { key: question.key, text: question.text, answer: choice === 'yes' }]);
      setChoice('');
      setEvaluation(result);
      if (result.complete) onDone(result, next);
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };

  const restart = async () => {
    onRestart();
    setAnswers({});
    setHistory([]);
    setChoice('');
    setEvaluation(await triage({}));
  };

  return (
    <section aria-labelledby="wegweiser-heading" className="wegweiser">
      <h2 id="wegweiser-heading">{t('rulebook.wegweiser')}</h2>
      {history.length > 0 && (
        <>
          <h3>{t('rulebook.yourAnswers')}</h3>
          <ul className="wegweiser__answers">
            {history.map((h) => (
              <li key={h.key}>
                {h.text} <strong>{h.answer ? t('rulebook.yes') : t('rulebook.no')}</strong>
              </li>
            ))}
          </ul>
        </>
      )}
      {evaluation && !evaluation.complete && evaluation.nextQuestion && (
        <form className="form" onSubmit={(event) => void submit(event)} noValidate>
          <ProblemAlert
            problem={problem}
            fields={{ answer: { id: 'triage-yes', label: evaluation.nextQuestion.text } }}
          />
          <fieldset className="field">
            <legend ref={legend} tabIndex={-1}>
              {evaluation.nextQuestion.text}
            </legend>
            <div className="radio">
              <input
                type="radio"
                id="triage-yes"
                name="answer"
                value="yes"
                checked={choice === 'yes'}
                onChange={() => setChoice('yes')}
              />
              <label htmlFor="triage-yes">{t('rulebook.yes')}</label>
            </div>
            <div className="radio">
              <input
                type="radio"
                id="triage-no"
                name="answer"
                value="no"
                checked={choice === 'no'}
                onChange={() => setChoice('no')}
              />
              <label htmlFor="triage-no">{t('rulebook.no')}</label>
            </div>
          </fieldset>
          <button type="submit" className="button">
            {t('rulebook.next')}
          </button>
        </form>
      )}
      {evaluation?.complete && evaluation.outcome && (
        <div className="notice outcome" role="status">
          <h3>
            {t('rulebook.outcome')}: {t(`rulebook.outcomes.${evaluation.outcome}`)}
          </h3>
          <p>{evaluation.reason}</p>
          <blockquote className="rule-quote">
            <p>{evaluation.quote}</p>
            <footer>{t('rulebook.ruleSource', { version: evaluation.ruleVersion })}</footer>
          </blockquote>
          {evaluation.principles.length > 0 && (
            <>
              <h4>{t('rulebook.principles')}</h4>
              <ul>
                {evaluation.principles.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {!problem && !evaluation && <p>{t('app.loading')}</p>}
      {problem && !evaluation && <ProblemAlert problem={problem} focus={false} />}
      {history.length > 0 && (
        <button type="button" className="button button--secondary" onClick={() => void restart()}>
          {t('rulebook.restart')}
        </button>
      )}
    </section>
  );
}
