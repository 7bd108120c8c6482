import { type FormEvent, useState } from 'react';
import { useAnnounce } from '../../announcer';
import {
  type AgendaItem,
  createTask,
  type MeetingDetail,
  type Outcome,
  recordDecision,
  updateAgendaItem,
} from '../../committees/api';
import { useT } from '../../i18n/I18nProvider';
import { Link } from '../../router';
import { useSession, usesWorkspace } from '../../session';
import { Field } from '../Field';
import { checkRequired, type FormProblem, ProblemAlert, problemFrom } from '../ProblemAlert';
import { formatDate } from './format-date';

interface Props {
  item: AgendaItem;
  n: number;
  count: number;
  meeting: MeetingDetail;
  onChanged: (detail?: MeetingDetail) => void;
}

/** One TOP: facts, the chair's ordering controls, and the minutes (summary, decisions, tasks). */
export function AgendaItemCard({ item, n, count, meeting, onChanged }: Props) {
  const t = useT();
  const headingId = `item-${item.id}-heading`;
  const decisions = meeting.decisions.filter((d) => d.agendaItemId === item.id);
  const tasks = meeting.tasks.filter((task) => task.agendaItemId === item.id);
  const edit = meeting.can.edit;
  const { session } = useSession();
  const area = session.status === 'signedIn' && usesWorkspace(session.me) ? 'workspace' : 'portal';
  return (
    <article className="agenda-item" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('committees.top', { n, title: item.title })}</h3>
      <p className="muted">
        {t(`committees.source.${item.source}`)}
        {item.ticket && (
          <>
            {' · '}
            <Link href={`/${area}/tickets/${encodeURIComponent(item.ticket.number)}`}>
              {t('committees.ticket', { number: item.ticket.number })}
            </Link>
          </>
        )}
      </p>
      {item.reason && <p>{item.reason}</p>}
      {edit && <ChairControls item={item} n={n} count={count} onChanged={onChanged} />}
      {edit ? (
        <SummaryForm item={item} onChanged={onChanged} />
      ) : (
        item.summary && <p className="agenda-item__summary">{item.summary}</p>
      )}
      <h4>{t('committees.decisions')}</h4>
      {decisions.length === 0 ? (
        <p>{t('committees.noDecisions')}</p>
      ) : (
        <ul>
          {decisions.map((d) => (
            <li key={d.id}>
              <strong>{t(`committees.outcomes.${d.outcome}`)}:</strong> {d.text}
              {d.correctsId && ` (${t('committees.corrects', { id: d.correctsId })})`}
            </li>
          ))}
        </ul>
      )}
      {edit && <DecisionForm item={item} onChanged={onChanged} />}
      <h4>{t('committees.tasks')}</h4>
      {tasks.length === 0 ? (
        <p>{t('committees.noTasks')}</p>
      ) : (
        <ul>
          {tasks.map((task) => (
            <li key={task.id}>
              {task.title} – {task.owner.name}
              {task.collaborators.length > 0 &&
                ` (${t('committees.collaborators')}: ${task.collaborators.map((c) => c.name).join(', ')})`}{' '}
              – {formatDate(task.dueOn)}
            </li>
          ))}
        </ul>
      )}
      {edit && <TaskForm item={item} meeting={meeting} onChanged={onChanged} />}
    </article>
  );
}

function ChairControls({ item, n, count, onChanged }: Omit<Props, 'meeting'>) {
  const t = useT();
  const announce = useAnnounce();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const run = async (change: Parameters<typeof updateAgendaItem>[1], message?: string) => {
    setProblem(null);
    try {
      onChanged(await updateAgendaItem(item.id, change));
      if (message) announce(message);
    } catch (error) {
      setProblem(problemFrom(error));
      onChanged();
    }
  };
  const remove = (event: FormEvent) => {
    event.preventDefault();
    const missing = checkRequired({ reason }, t);
    if (missing) return setProblem(missing);
    void run({ version: item.version, action: 'remove', reason }, t('committees.removed', { reason }));
  };
  const reasonId = `item-${item.id}-remove-reason`;
  return (
    <div className="agenda-item__controls">
      <ProblemAlert
        problem={problem}
        fields={{ reason: { id: reasonId, label: t('committees.removeReason') } }}
      />
      <div className="button-row">
        {n > 1 && (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void run({ version: item.version, position: n - 1 })}
          >
            {t('committees.moveUp', { n })}
          </button>
        )}
        {n < count && (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void run({ version: item.version, position: n + 1 })}
          >
            {t('committees.moveDown', { n })}
          </button>
        )}
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void run({ version: item.version, action: 'defer' }, t('committees.deferred'))}
        >
          {t('committees.defer')}
        </button>
      </div>
      <form className="form form--inline" onSubmit={remove} noValidate>
        <Field id={reasonId} label={t('committees.removeReason')} error={problem?.fieldErrors.reason}>
          {(control) => (
            <input {...control} value={reason} onChange={(event) => setReason(event.target.value)} />
          )}
        </Field>
        <button type="submit" className="button button--secondary">
          {t('committees.remove')}
        </button>
      </form>
    </div>
  );
}

function SummaryForm({ item, onChanged }: { item: AgendaItem; onChanged: Props['onChanged'] }) {
  const t = useT();
  const announce = useAnnounce();
  const [summary, setSummary] = useState(item.summary);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      onChanged(await updateAgendaItem(item.id, { version: item.version, summary }));
      announce(t('committees.summarySaved'));
    } catch (error) {
      // on 409 the text stays in the field: nothing typed is lost, the message says what happened
      setProblem(problemFrom(error));
    }
  };
  const id = `item-${item.id}-summary`;
  return (
    <form className="form" onSubmit={(event) => void submit(event)} noValidate>
      <ProblemAlert problem={problem} />
      <Field id={id} label={t('committees.summary')}>
        {(control) => (
          <textarea {...control} rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} />
        )}
      </Field>
      <button type="submit" className="button button--secondary">
        {t('committees.saveSummary')}
      </button>
    </form>
  );
}

function DecisionForm({ item, onChanged }: { item: AgendaItem; onChanged: Props['onChanged'] }) {
  const t = useT();
  const announce = useAnnounce();
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<Outcome>('approved');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const textId = `item-${item.id}-decision-text`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = checkRequired({ text }, t);
    if (missing) return setProblem(missing);
    setProblem(null);
    try {
      await recordDecision(item.id, { text, outcome });
      setText('');
      announce(t('committees.decisionSaved'));
      onChanged();
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  return (
    <form className="form" onSubmit={(event) => void submit(event)} noValidate>
      <ProblemAlert
        problem={problem}
        fields={{ text: { id: textId, label: t('committees.decisionText') } }}
      />
      <Field id={textId} label={t('committees.decisionText')} error={problem?.fieldErrors.text}>
        {(control) => (
          <textarea {...control} rows={2} value={text} onChange={(e) => setText(e.target.value)} />
        )}
      </Field>
      <Field id={`item-${item.id}-decision-outcome`} label={t('committees.outcome')}>
        {(control) => (
          <select {...control} value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome)}>
            {(['approved', 'rejected', 'deferred'] as const).map((o) => (
              <option key={o} value={o}>
                {t(`committees.outcomes.${o}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" className="button">
        {t('committees.addDecision')}
      </button>
    </form>
  );
}

function TaskForm({
  item,
  meeting,
  onChanged,
}: {
  item: AgendaItem;
  meeting: MeetingDetail;
  onChanged: Props['onChanged'];
}) {
  const t = useT();
  const announce = useAnnounce();
  const [title, setTitle] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [collaborators, setCollaborators] = useState<number[]>([]);
  const [dueOn, setDueOn] = useState('');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const ids = {
    title: `item-${item.id}-task-title`,
    ownerId: `item-${item.id}-task-owner`,
    dueOn: `item-${item.id}-task-due`,
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = checkRequired({ title, ownerId, dueOn }, t);
    if (missing) return setProblem(missing);
    setProblem(null);
    try {
      await createTask(item.id, { title, ownerId: Number(ownerId), collaboratorIds: collaborators, dueOn });
      setTitle('');
      setOwnerId('');
      setCollaborators([]);
      setDueOn('');
      announce(t('committees.taskSaved'));
      onChanged();
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  return (
    <form className="form" onSubmit={(event) => void submit(event)} noValidate>
      <ProblemAlert
        problem={problem}
        fields={{
          title: { id: ids.title, label: t('committees.taskTitle') },
          ownerId: { id: ids.ownerId, label: t('committees.owner') },
          dueOn: { id: ids.dueOn, label: t('committees.dueOn') },
        }}
      />
      <Field id={ids.title} label={t('committees.taskTitle')} error={problem?.fieldErrors.title}>
        {(control) => <input {...control} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <Field id={ids.ownerId} label={t('committees.owner')} error={problem?.fieldErrors.ownerId}>
        {(control) => (
          <select {...control} value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
            <option value="">{t('committees.chooseOwner')}</option>
            {meeting.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="field">
        <legend>{t('committees.collaborators')}</legend>
        {meeting.people
          .filter((p) => String(p.id) !== ownerId)
          .map((p) => {
            const id = `item-${item.id}-collab-${p.id}`;
            return (
              <div className="checkbox" key={p.id}>
                <input
                  id={id}
                  type="checkbox"
                  checked={collaborators.includes(p.id)}
                  onChange={(e) =>
                    setCollaborators((all) =>
                      e.target.checked ? [...all, p.id] : all.filter((x) => x !== p.id),
                    )
                  }
                />
                <label htmlFor={id}>{p.name}</label>
              </div>
            );
          })}
      </fieldset>
      <Field id={ids.dueOn} label={t('committees.dueOn')} error={problem?.fieldErrors.dueOn}>
        {(control) => (
          <input {...control} type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
        )}
      </Field>
      <button type="submit" className="button">
        {t('committees.addTask')}
      </button>
    </form>
  );
}
