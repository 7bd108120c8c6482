import { useT } from '../i18n/I18nProvider';
import type { Attachment, TicketDetail } from '../types';
import { AttachmentList } from './AttachmentList';
import { Timeline } from './Timeline';

/** The h1 of a ticket page: number above the title. Also used while the ticket is loading. */
export function TicketHeading({ number, title }: { number: string; title?: string }) {
  const t = useT();
  return (
    <h1>
      <span className="eyebrow">{t('ticket.heading', { number })}</span>
      {title && ` ${title}`}
    </h1>
  );
}

/** The ticket's own attachment list plus those on articles, each once. */
function allAttachments(ticket: TicketDetail): Attachment[] {
  const byId = new Map<number, Attachment>();
  for (const attachment of [
    ...(ticket.attachments ?? []),
    ...ticket.articles.flatMap((a) => a.attachments),
  ]) {
    byId.set(attachment.id, attachment);
  }
  return [...byId.values()];
}

/** Description, timeline and all attachments of a ticket. */
export function TicketSections({ ticket }: { ticket: TicketDetail }) {
  const t = useT();
  const attachments = allAttachments(ticket);
  return (
    <>
      <section aria-labelledby="description-heading">
        <h2 id="description-heading">{t('ticket.description')}</h2>
        <div className="text-block">{ticket.description}</div>
      </section>
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('timeline.title')}</h2>
        <Timeline articles={ticket.articles} history={ticket.history} />
      </section>
      <section aria-labelledby="attachments-heading">
        <h2 id="attachments-heading">{t('attachments.title')}</h2>
        {attachments.length > 0 ? (
          <AttachmentList attachments={attachments} />
        ) : (
          <p>{t('attachments.empty')}</p>
        )}
      </section>
    </>
  );
}
