import { type FormEvent, useState } from 'react';
import { useAnnounce } from '../announcer';
import { completeTask, listTasks, type Task } from '../committees/api';
import { formatDate } from '../components/committees/format-date';
import { Field } from '../components/Field';
import { checkRequired, type FormProblem, ProblemAlert, problemFrom } from '../components/ProblemAlert';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { useT } from '../i18n/I18nProvider';
import { Link } from '../router';

export function MyTasksPage() {
  const t = useT();
  usePageTitle(t('committees.myTasksTitle'));
  const [showDone, setShowDone] = useState(false);
  const resource = useResource(
    (signal) => listTasks({ mine: 'true', ...(showDone ? {} : { state: 'open' }) }, signal),
    `my-tasks-${showDone}`,
  );
  const tasks = resource.data?.items ?? [];
  return (
    <>
      <h1>{t('committees.myTasksTitle')}</h1>
      <p>{t('committees.myTasksIntro')}</p>
      <p>
        <button type="button" className="button button--secondary" onClick={() => setShowDone((v) => !v)}>
          {showDone ? t('committees.showOpen') : t('committees.showDone')}
        </button>
      </p>
      <ProblemAlert problem={resource.error && { error: resource.error, fieldErrors: {} }} focus={false} />
      {resource.data && tasks.length === 0 && <p>{t('committees.myTasksEmpty')}</p>}
      {tasks.map((task) => (
        <TaskCard key={task.id} task={task} onChanged={resource.reload} />
      ))}
    </>
  );
}

function TaskCard({ task, onChanged }: { task: Task; onChanged: () => void }) {
  const t = useT();
  const announce = useAnnounce();
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const headingId = `task-${task.id}-heading`;
  const noteId = `task-${task.id}-note`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = checkRequired({ resultNote: note }, t);
    if (missing) return setProblem(missing);
    setProblem(null);
    try {
      await completeTask(task.id, note);
      announce(t('committees.completed', { title: task.title }));
      onChanged();
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  return (
    <article className="agenda-item" aria-labelledby={headingId}>
      <h2 id={headingId}>{task.title}</h2>
      <dl className="facts">
        <dt>{t('committees.committee')}</dt>
        <dd>
          <Link href={`/meetings/${task.meetingId}`}>{task.committee.name}</Link>
        </dd>
        <dt>{t('committees.owner')}</dt>
        <dd>{task.owner.name}</dd>
        <dt>{t('committees.collaborators')}</dt>
        <dd>{task.collaborators.map((c) => c.name).join(', ') || '–'}</dd>
        <dt>{t('committees.dueOn')}</dt>
        <dd>
          {formatDate(task.dueOn)}
          {task.overdue && (
            <>
              {' '}
              <span className="badge badge--overdue">{t('committees.overdue')}</span>
            </>
          )}
        </dd>
        <dt>{t('committees.state')}</dt>
        <dd>{t(`committees.taskState.${task.state}`)}</dd>
        {task.resultNote && (
          <>
            <dt>{t('committees.result')}</dt>
            <dd>{task.resultNote}</dd>
          </>
        )}
      </dl>
      {task.can.complete && (
        <form className="form" onSubmit={(event) => void submit(event)} noValidate>
          <ProblemAlert
            problem={problem}
            fields={{ resultNote: { id: noteId, label: t('committees.resultNote') } }}
          />
          <Field id={noteId} label={t('committees.resultNote')} error={problem?.fieldErrors.resultNote}>
            {(control) => (
              <textarea {...control} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
            )}
          </Field>
          <button type="submit" className="button">
            {t('committees.complete')}
          </button>
        </form>
      )}
    </article>
  );
}
