import { DateTime, DueDate } from '../components/DateTime';
import { LoadMore } from '../components/LoadMore';
import { ProblemAlert } from '../components/ProblemAlert';
import { usePageTitle } from '../hooks/usePageTitle';
import { useTicketList } from '../hooks/useTicketList';
import { type Translate, useT } from '../i18n/I18nProvider';
import { Link } from '../router';
import type { TicketSummary } from '../types';

const query = { requester: 'me' } as const;

export function PortalListPage() {
  const t = useT();
  usePageTitle(t('portal.title'));
  const list = useTicketList(query);

  return (
    <>
      <div className="page-head">
        <h1>{t('portal.title')}</h1>
        <Link href="/portal/new" className="button">
          {t('portal.newTicket')}
        </Link>
      </div>
      <ProblemAlert problem={list.error && { error: list.error, fieldErrors: {} }} focus={false} />
      {!list.loading && !list.error && list.items.length === 0 ? (
        <p>{t('portal.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('portal.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ticket.number')}</th>
                <th scope="col">{t('ticket.title')}</th>
                <th scope="col">{t('ticket.state')}</th>
                <th scope="col">{t('ticket.responsible')}</th>
                <th scope="col">{t('ticket.dueAt')}</th>
                <th scope="col">{t('ticket.updatedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((ticket) => (
                <tr key={ticket.number}>
                  <th scope="row">
                    <Link href={`/portal/tickets/${encodeURIComponent(ticket.number)}`}>{ticket.number}</Link>
                  </th>
                  <td>{ticket.title}</td>
                  <td>{ticket.state.name}</td>
                  <td>{responsible(ticket, t)}</td>
                  <td>
                    <DueDate value={ticket.dueAt} overdue={ticket.overdue} />
                  </td>
                  <td>
                    <DateTime value={ticket.updatedAt} />
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

function responsible(ticket: TicketSummary, t: Translate): string {
  if (!ticket.group) return ticket.assignee?.name ?? t('ticket.noGroup');
  return ticket.assignee ? `${ticket.group.name} – ${ticket.assignee.name}` : ticket.group.name;
}
