import { getTicket } from '../api';
import { ArticleForm } from '../components/ArticleForm';
import { ProblemAlert } from '../components/ProblemAlert';
import { TicketFacts } from '../components/TicketFacts';
import { TicketHeading, TicketSections } from '../components/TicketSections';
import { UploadForm } from '../components/UploadForm';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { useT } from '../i18n/I18nProvider';
import { Link } from '../router';
import { NotFoundPage } from './NotFoundPage';

export function PortalTicketPage({ number }: { number: string }) {
  const t = useT();
  const resource = useResource((signal) => getTicket(number, signal), number);
  const notFound = resource.error?.status === 404;
  usePageTitle(notFound ? t('notFound.title') : t('ticket.heading', { number }));
  if (notFound) return <NotFoundPage />;

  const ticket = resource.data;
  return (
    <>
      <p>
        <Link href="/portal">{t('portal.back')}</Link>
      </p>
      <TicketHeading number={number} title={ticket?.title} />
      <ProblemAlert problem={resource.error && { error: resource.error, fieldErrors: {} }} focus={false} />
      {!ticket ? (
        resource.loading && <p>{t('app.loading')}</p>
      ) : (
        <>
          <TicketFacts ticket={ticket} />
          <TicketSections ticket={ticket} />
          {ticket.can.reply && (
            <ArticleForm ticketNumber={ticket.number} canReply canNote={false} onSaved={resource.reload} />
          )}
          {ticket.can.attach && <UploadForm ticketNumber={ticket.number} onUploaded={resource.reload} />}
        </>
      )}
    </>
  );
}
