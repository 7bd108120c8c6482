import { useState } from 'react';
import { getCommittee, listMeetings, listTasks, taskExportUrl } from '../committees/api';
import { TaskTable } from '../components/committees/TaskTable';
import { DateTime } from '../components/DateTime';
import { Field } from '../components/Field';
import { ProblemAlert } from '../components/ProblemAlert';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { useT } from '../i18n/I18nProvider';
import { Link } from '../router';
import { rhythmText } from './CommitteesPage';
import { NotFoundPage } from './NotFoundPage';

export function CommitteePage({ id }: { id: number }) {
  const t = useT();
  const committee = useResource((signal) => getCommittee(id, signal), `committee-${id}`);
  const meetings = useResource((signal) => listMeetings(id, signal), `meetings-${id}`);
  const [state, setState] = useState('open');
  const [applied, setApplied] = useState('open');
  const tasks = useResource(
    (signal) => listTasks({ committeeId: String(id), ...taskFilter(applied) }, signal),
    `committee-tasks-${id}-${applied}`,
  );
  usePageTitle(committee.data?.name ?? t('committees.title'));
  if (committee.error?.status === 404) return <NotFoundPage />;
  const c = committee.data;
  return (
    <>
      <p>
        <Link href="/committees">{t('committees.back')}</Link>
      </p>
      <h1>{c?.name ?? t('app.loading')}</h1>
      <ProblemAlert problem={committee.error && { error: committee.error, fieldErrors: {} }} focus={false} />
      {c && (
        <dl className="facts">
          <dt>{t('committees.rhythm')}</dt>
          <dd>{rhythmText(c, t)}</dd>
          <dt>{t('committees.chair')}</dt>
          <dd>{c.chair.name}</dd>
          <dt>{t('committees.secretary')}</dt>
          <dd>{c.secretary?.name ?? t('committees.none')}</dd>
          <dt>{t('committees.members')}</dt>
          <dd>
            {c.members
              .map((m) => (m.role === 'guest' ? `${m.name} (${t('committees.guest')})` : m.name))
              .join(', ') || t('committees.none')}
          </dd>
          {c.location && (
            <>
              <dt>{t('committees.location')}</dt>
              <dd>{c.location}</dd>
            </>
          )}
        </dl>
      )}
      <h2>{t('committees.meetingsTitle')}</h2>
      <ProblemAlert problem={meetings.error && { error: meetings.error, fieldErrors: {} }} focus={false} />
      {meetings.data && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('committees.meetingsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('committees.date')}</th>
                <th scope="col">{t('committees.state')}</th>
                <th scope="col">{t('committees.minutes')}</th>
              </tr>
            </thead>
            <tbody>
              {meetings.data.items.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    <Link href={`/meetings/${m.id}`}>
                      <DateTime value={m.startsAt} />
                    </Link>
                  </th>
                  <td>
                    {t(`committees.meetingState.${m.state}`)}
                    {m.changeReason ? ` – ${m.changeReason}` : ''}
                  </td>
                  <td>{t(`committees.minutesState.${m.minutesState}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('committees.taskListTitle')}</h2>
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(state);
        }}
      >
        <Field id="task-state" label={t('committees.filterState')}>
          {(control) => (
            <select {...control} value={state} onChange={(event) => setState(event.target.value)}>
              <option value="">{t('committees.all')}</option>
              <option value="open">{t('committees.taskState.open')}</option>
              <option value="done">{t('committees.taskState.done')}</option>
              <option value="overdue">{t('committees.overdue')}</option>
            </select>
          )}
        </Field>
        <button type="submit" className="button button--secondary">
          {t('committees.filter')}
        </button>
      </form>
      <p className="button-row">
        <a href={taskExportUrl(id, 'csv', taskFilter(applied))} download>
          {t('committees.exportCsv')}
        </a>
        <a href={taskExportUrl(id, 'xlsx', taskFilter(applied))} download>
          {t('committees.exportXlsx')}
        </a>
      </p>
      <ProblemAlert problem={tasks.error && { error: tasks.error, fieldErrors: {} }} focus={false} />
      {tasks.data && <TaskTable tasks={tasks.data.items} caption={t('committees.taskListCaption')} />}
    </>
  );
}

/** The filter choice as query parameters of GET /tasks (and of the export). */
function taskFilter(choice: string): Record<string, string> {
  if (choice === 'overdue') return { overdue: 'true' };
  return choice ? { state: choice } : {};
}
