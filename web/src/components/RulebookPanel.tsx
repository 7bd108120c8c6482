import { type FormEvent, Fragment, useState } from 'react';
import { useResource } from '../hooks/useResource';
import { useT } from '../i18n/I18nProvider';
import {
  escalateTicket,
  getTicketRulebook,
  type Outcome,
  type RoutingDecision,
  reclassifyTicket,
  routeTicket,
} from '../rulebookApi';
import { DateTime } from './DateTime';
import { Field } from './Field';
import { checkRequired, type FormProblem, ProblemAlert, problemFrom } from './ProblemAlert';

const decisions: RoutingDecision[] = ['digitalisation', 'directOrder', 'itCommittee'];

/** Workspace: the pre-announcement of a project, IT's routing decision (a/b/c) and escalation. */
export function RulebookPanel({ number, onChanged }: { number: string; onChanged: () => void }) {
  const t = useT();
  const resource = useResource((signal) => getTicketRulebook(number, signal), `rulebook-${number}`);
  const data = resource.data;
  if (!data) return null;
  const changed = () => {
    resource.reload();
    onChanged();
  };
  return (
    <section aria-labelledby="rulebook-heading" className="rulebook-panel">
      <h2 id="rulebook-heading">{t('rulebook.panel')}</h2>
      <dl className="facts">
        <dt>{t('rulebook.processType')}</dt>
        <dd>{t(`rulebook.outcomes.${data.processType}`)}</dd>
        {data.classifications.map((c) => (
          <Fragment key={`${c.kind}-${c.createdAt}`}>
            <dt>
              {c.kind === 'triage'
                ? t('rulebook.classifiedBy', { version: c.ruleVersion ?? '–' })
                : t('rulebook.reclassified')}
            </dt>
            <dd>
              {t(`rulebook.outcomes.${c.outcome}`)} – {c.reason}
            </dd>
          </Fragment>
        ))}
      </dl>
      {data.preAnnouncement && (
        <>
          <h3>{t('rulebook.preAnnouncement')}</h3>
          <dl className="facts">
            <dt>{t('rulebook.requirement')}</dt>
            <dd className="pre-wrap">{data.preAnnouncement.description}</dd>
            <dt>{t('rulebook.urgency')}</dt>
            <dd>{t(`rulebook.urgencies.${data.preAnnouncement.urgency}`)}</dd>
            {data.preAnnouncement.technicalSketch && (
              <>
                <dt>{t('rulebook.technicalSketch')}</dt>
                <dd className="pre-wrap">{data.preAnnouncement.technicalSketch}</dd>
              </>
            )}
            <dt>{t('rulebook.answerDue')}</dt>
            <dd>
              <DateTime value={data.preAnnouncement.answerDueAt} />
              {data.preAnnouncement.answerOverdue && (
                <>
                  {' '}
                  <span className="badge badge--overdue">{t('ticket.overdue')}</span>
                </>
              )}
            </dd>
          </dl>
        </>
      )}
      {data.routing && (
        <div className="notice" role="status">
          <p>
            <strong>{t('rulebook.routed')}:</strong> {t(`rulebook.decisions.${data.routing.decision}`)}
          </p>
          <p>
            {t('rulebook.reason')}: {data.routing.reason} ({data.routing.decidedBy})
          </p>
        </div>
      )}
      {data.agendaProposals.length > 0 && (
        <>
          <h3>{t('rulebook.agendaProposals')}</h3>
          <ul>
            {data.agendaProposals.map((p) => (
              <li key={p.id}>
                {t(`rulebook.committees.${p.committeeKind}`)} –{' '}
                {t(`rulebook.sources.${p.source === 'escalation' ? 'escalation' : 'routing'}`)} ({p.state})
              </li>
            ))}
          </ul>
        </>
      )}
      {data.can.route && <RoutingForm number={number} onDone={changed} />}
      {data.can.reclassify && <ReclassifyForm number={number} current={data.processType} onDone={changed} />}
      {data.can.escalate &&
        !data.agendaProposals.some((p) => p.source === 'escalation' && p.state === 'open') && (
          <EscalationForm number={number} onDone={changed} />
        )}
    </section>
  );
}

function RoutingForm({ number, onDone }: { number: string; onDone: () => void }) {
  const t = useT();
  const [decision, setDecision] = useState<'' | RoutingDecision>('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const fields = {
    decision: { id: 'routing-digitalisation', label: t('rulebook.decision') },
    reason: { id: 'routing-reason', label: t('rulebook.reason') },
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = checkRequired({ decision, reason }, t);
    setProblem(missing);
    if (missing || !decision) return;
    try {
      await routeTicket(number, { decision, reason });
      onDone();
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  return (
    <form className="form form--inline" onSubmit={(event) => void submit(event)} noValidate>
      <h3>{t('rulebook.routingHeading')}</h3>
      <ProblemAlert problem={problem} fields={fields} />
      <fieldset className={problem?.fieldErrors.decision ? 'field field--error' : 'field'}>
        <legend>{t('rulebook.decision')}</legend>
        {problem?.fieldErrors.decision && <p className="field__error">{problem.fieldErrors.decision}</p>}
        {decisions.map((d) => (
          <div className="radio" key={d}>
            <input
              type="radio"
              id={`routing-${d}`}
              name="decision"
              value={d}
              checked={decision === d}
              onChange={() => setDecision(d)}
            />
            <label htmlFor={`routing-${d}`}>{t(`rulebook.decisions.${d}`)}</label>
          </div>
        ))}
      </fieldset>
      <Field {...fields.reason} error={problem?.fieldErrors.reason}>
        {(control) => (
          <textarea
            {...control}
            name="reason"
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="button">
        {t('rulebook.routingSubmit')}
      </button>
    </form>
  );
}

function EscalationForm({ number, onDone }: { number: string; onDone: () => void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const fields = { reason: { id: 'escalation-reason', label: t('rulebook.escalationReason') } };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = checkRequired({ reason }, t);
    setProblem(missing);
    if (missing) return;
    try {
      await escalateTicket(number, reason);
      setReason('');
      onDone();
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  return (
    <form className="form form--inline" onSubmit={(event) => void submit(event)} noValidate>
      <h3>{t('rulebook.escalationHeading')}</h3>
      <ProblemAlert problem={problem} fields={fields} />
      <Field {...fields.reason} hint={t('rulebook.escalationHint')} error={problem?.fieldErrors.reason}>
        {(control) => (
          <textarea
            {...control}
            name="reason"
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="button button--secondary">
        {t('rulebook.escalationSubmit')}
      </button>
    </form>
  );
}

const outcomes: Outcome[] = ['support', 'order', 'project'];

function ReclassifyForm({
  number,
  current,
  onDone,
}: {
  number: string;
  current: Outcome;
  onDone: () => void;
}) {
  const t = useT();
  const [processType, setProcessType] = useState<Outcome>(current);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const fields = {
    processType: { id: 'reclassify-type', label: t('rulebook.newProcessType') },
    reason: { id: 'reclassify-reason', label: t('rulebook.reclassifyReason') },
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = checkRequired({ reason }, t);
    setProblem(missing);
    if (missing) return;
    try {
      await reclassifyTicket(number, { processType, reason });
      setReason('');
      onDone();
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  return (
    <form className="form form--inline" onSubmit={(event) => void submit(event)} noValidate>
      <h3>{t('rulebook.reclassifyHeading')}</h3>
      <ProblemAlert problem={problem} fields={fields} />
      <Field {...fields.processType} error={problem?.fieldErrors.processType}>
        {(control) => (
          <select
            {...control}
            value={processType}
            onChange={(e) => setProcessType(e.target.value as Outcome)}
          >
            {outcomes.map((o) => (
              <option key={o} value={o}>
                {t(`rulebook.outcomes.${o}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field {...fields.reason} error={problem?.fieldErrors.reason}>
        {(control) => (
          <textarea {...control} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        )}
      </Field>
      <button type="submit" className="button button--secondary">
        {t('rulebook.reclassifySubmit')}
      </button>
    </form>
  );
}
