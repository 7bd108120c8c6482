import { ApiError, getTicket, updateTicket } from '../api';
import { ArticleForm } from '../components/ArticleForm';
import { AssignForm } from '../components/AssignForm';
import { ProblemAlert } from '../components/ProblemAlert';
import { RulebookPanel } from '../components/RulebookPanel';
import { StateForm } from '../components/StateForm';
import { TicketFacts } from '../components/TicketFacts';
import { TicketHeading, TicketSections } from '../components/TicketSections';
import { UploadForm } from '../components/UploadForm';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { useT } from '../i18n/I18nProvider';
import { Link } from '../router';
import type { TicketDetail, UpdateTicket } from '../types';
import { NotFoundPage } from './NotFoundPage';

export function WorkspaceTicketPage({ number }: { number: string }) {
  const t = useT();
  const resource = useResource((signal) => getTicket(number, signal), number);
  const notFound = resource.error?.status === 404;
  usePageTitle(notFound ? t('notFound.title') : t('ticket.heading', { number }));
  if (notFound) return <NotFoundPage />;

  const ticket = resource.data;
  // PATCH carries the version we saw; on 409 someone else changed the ticket, so reload it.
  const update: UpdateTicket = async (change) => {
    if (!ticket) throw new Error('ticket not loaded');
    try {
      const updated = await updateTicket(number, { ...change, version: ticket.version });
      resource.replace(updated);
      return updated;
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) resource.reload();
      throw error;
    }
  };

  return (
    <>
      <p>
        <Link href="/workspace">{t('workspace.back')}</Link>
      </p>
      <TicketHeading number={number} title={ticket?.title} />
      <ProblemAlert problem={resource.error && { error: resource.error, fieldErrors: {} }} focus={false} />
      {!ticket ? (
        resource.loading && <p>{t('app.loading')}</p>
      ) : (
        <>
          <TicketFacts ticket={ticket} full />
          <Actions ticket={ticket} update={update} />
          <RulebookPanel number={ticket.number} onChanged={resource.reload} />
          <TicketSections ticket={ticket} />
          {(ticket.can.reply || ticket.can.note) && (
            <ArticleForm
              ticketNumber={ticket.number}
              canReply={ticket.can.reply}
              canNote={ticket.can.note}
              onSaved={resource.reload}
            />
          )}
          {ticket.can.attach && <UploadForm ticketNumber={ticket.number} onUploaded={resource.reload} />}
        </>
      )}
    </>
  );
}

function Actions({ ticket, update }: { ticket: TicketDetail; update: UpdateTicket }) {
  const t = useT();
  if (!ticket.can.assign && !ticket.can.changeState) return null;
  return (
    <section aria-labelledby="actions-heading" className="actions">
      <h2 id="actions-heading">{t('actions.title')}</h2>
      <div className="actions__grid">
        {ticket.can.assign && <AssignForm ticket={ticket} update={update} />}
        {ticket.can.changeState && <StateForm ticket={ticket} update={update} />}
      </div>
    </section>
  );
}
