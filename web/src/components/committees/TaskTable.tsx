import type { Task } from '../../committees/api';
import { useT } from '../../i18n/I18nProvider';
import { formatDate } from './format-date';

/** The task list: what, who, with whom, by when, state. */
export function TaskTable({ tasks, caption }: { tasks: Task[]; caption: string }) {
  const t = useT();
  if (tasks.length === 0) return <p>{t('committees.noTasks')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('committees.taskTitle')}</th>
            <th scope="col">{t('committees.owner')}</th>
            <th scope="col">{t('committees.collaborators')}</th>
            <th scope="col">{t('committees.dueOn')}</th>
            <th scope="col">{t('committees.state')}</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((task) => (
            <tr key={task.id}>
              <th scope="row">{task.title}</th>
              <td>{task.owner.name}</td>
              <td>{task.collaborators.map((c) => c.name).join(', ') || '–'}</td>
              <td>
                {formatDate(task.dueOn)}
                {task.overdue && (
                  <>
                    {' '}
                    <span className="badge badge--overdue">{t('committees.overdue')}</span>
                  </>
                )}
              </td>
              <td>
                {t(`committees.taskState.${task.state}`)}
                {task.resultNote ? `: ${task.resultNote}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
