import { type FormEvent, useEffect, useState } from 'react';
import { DueDate } from '../components/DateTime';
import { LoadMore } from '../components/LoadMore';
import { ProblemAlert } from '../components/ProblemAlert';
import { usePageTitle } from '../hooks/usePageTitle';
import { useTicketList } from '../hooks/useTicketList';
import { useT } from '../i18n/I18nProvider';
import { Link, navigate, useLocation } from '../router';
import { type Queue, queues, stateTypes, type TicketQuery } from '../types';

function workspaceHref(query: TicketQuery): string {
  const params = new URLSearchParams();
  if (query.queue && query.queue !== 'groups') params.set('queue', query.queue);
  if (query.q) params.set('q', query.q);
  if (query.stateType) params.set('stateType', query.stateType);
  const search = params.toString();
  return search ? `/workspace?${search}` : '/workspace';
}

function useWorkspaceQuery(): TicketQuery & { queue: Queue } {
  const { search } = useLocation();
  const queue = queues.find((candidate) => candidate === search.get('queue')) ?? 'groups';
  const stateType = stateTypes.find((candidate) => candidate === search.get('stateType'));
  const q = search.get('q')?.trim() || undefined;
  return { queue, q, stateType };
}

export function WorkspacePage() {
  const t = useT();
  usePageTitle(t('workspace.title'));
  const query = useWorkspaceQuery();
  const list = useTicketList(query);
  const queueName = t(`workspace.queue.${query.queue}`);

  return (
    <>
      <h1>{t('workspace.title')}</h1>
      <nav aria-label={t('workspace.queues')} className="tabs">
        <ul>
          {queues.map((queue) => (
            <li key={queue}>
              <Link
                href={workspaceHref({ ...query, queue })}
                aria-current={queue === query.queue ? 'page' : undefined}
              >
                {t(`workspace.queue.${queue}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <FilterForm query={query} />
      <ProblemAlert problem={list.error && { error: list.error, fieldErrors: {} }} focus={false} />
      {!list.loading && !list.error && list.items.length === 0 ? (
        <p>{t('workspace.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('workspace.caption', { queue: queueName })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ticket.number')}</th>
                <th scope="col">{t('ticket.title')}</th>
                <th scope="col">{t('ticket.requester')}</th>
                <th scope="col">{t('ticket.group')}</th>
                <th scope="col">{t('ticket.assignee')}</th>
                <th scope="col">{t('ticket.priority')}</th>
                <th scope="col">{t('ticket.state')}</th>
                <th scope="col">{t('ticket.dueAt')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((ticket) => (
                <tr key={ticket.number}>
                  <th scope="row">
                    <Link href={`/workspace/tickets/${encodeURIComponent(ticket.number)}`}>
                      {ticket.number}
                    </Link>
                  </th>
                  <td>{ticket.title}</td>
                  <td>{ticket.requester.name}</td>
                  <td>{ticket.group?.name ?? t('ticket.noGroup')}</td>
                  <td>{ticket.assignee?.name ?? t('ticket.unassigned')}</td>
                  <td>{t(`priority.${ticket.priority}`)}</td>
                  <td>{ticket.state.name}</td>
                  <td>
                    <DueDate value={ticket.dueAt} overdue={ticket.overdue} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore list={list} />
    </>
  );
}

function FilterForm({ query }: { query: TicketQuery & { queue: Queue } }) {
  const t = useT();
  const [q, setQ] = useState(query.q ?? '');
  const [stateType, setStateType] = useState<string>(query.stateType ?? '');

  // Keep the inputs in step with the URL (back/forward buttons).
  useEffect(() => setQ(query.q ?? ''), [query.q]);
  useEffect(() => setStateType(query.stateType ?? ''), [query.stateType]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const type = stateTypes.find((candidate) => candidate === stateType);
    navigate(workspaceHref({ queue: query.queue, q: q.trim() || undefined, stateType: type }));
  };

  return (
    <search aria-label={t('workspace.filter')}>
      <form className="filters" onSubmit={submit}>
        <div className="field">
          <label htmlFor="filter-q">{t('workspace.search')}</label>
          <input
            id="filter-q"
            type="search"
            name="q"
            value={q}
            onChange={(event) => setQ(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="filter-state-type">{t('workspace.stateType')}</label>
          <select
            id="filter-state-type"
            name="stateType"
            value={stateType}
            onChange={(event) => setStateType(event.target.value)}
          >
            <option value="">{t('workspace.allStateTypes')}</option>
            {stateTypes.map((type) => (
              <option key={type} value={type}>
                {t(`stateType.${type}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t('workspace.apply')}
        </button>
      </form>
    </search>
  );
}
