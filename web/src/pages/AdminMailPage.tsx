import { type FormEvent, useState } from 'react';
import { useAnnounce } from '../announcer';
import { type InboundMail, listMailLog, reprocessMail } from '../api';
import { DateTime } from '../components/DateTime';
import { IntakeAddresses } from '../components/IntakeAddresses';
import { type FormProblem, ProblemAlert, problemFrom } from '../components/ProblemAlert';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { type MessageKey, useT } from '../i18n/I18nProvider';
import { Link } from '../router';

const states = ['', 'received', 'processing', 'processed', 'failed', 'ignored'] as const;

/** Administrators: what came in by mail, what became of it, and "process again". */
export function AdminMailPage() {
  const t = useT();
  usePageTitle(t('mail.title'));
  const announce = useAnnounce();
  const [draft, setDraft] = useState({ q: '', state: '' });
  const [query, setQuery] = useState({ q: '', state: '' });
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const log = useResource((signal) => listMailLog(query, signal), `mail-log|${query.q}|${query.state}`);

  const search = (event: FormEvent) => {
    event.preventDefault();
    setQuery({ ...draft });
  };
  const reprocess = async (mail: InboundMail) => {
    setProblem(null);
    try {
      await reprocessMail(mail.id);
      announce(t('mail.reprocessed', { id: mail.id }));
      log.reload();
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };

  return (
    <>
      <h1>{t('mail.title')}</h1>
      <p>{t('mail.intro')}</p>
      <form className="filters" onSubmit={search} aria-label={t('mail.searchLabel')}>
        <div className="field">
          <label htmlFor="mail-q">{t('mail.search')}</label>
          <input
            id="mail-q"
            type="search"
            value={draft.q}
            onChange={(e) => setDraft({ ...draft, q: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="mail-state">{t('mail.state')}</label>
          <select
            id="mail-state"
            value={draft.state}
            onChange={(e) => setDraft({ ...draft, state: e.target.value })}
          >
            {states.map((s) => (
              <option key={s} value={s}>
                {t(`mail.states.${s || 'all'}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t('mail.submit')}
        </button>
      </form>
      <ProblemAlert
        problem={problem ?? (log.error && { error: log.error, fieldErrors: {} })}
        focus={!!problem}
      />
      {log.data && (
        <p>
          {t('mail.counts', {
            processed: log.data.counts.processed,
            ignored: log.data.counts.ignored,
            failed: log.data.counts.failed,
            waiting: log.data.counts.received + log.data.counts.processing,
          })}
        </p>
      )}
      {log.data && log.data.items.length === 0 ? (
        <p>{t('mail.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('mail.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mail.receivedAt')}</th>
                <th scope="col">{t('mail.from')}</th>
                <th scope="col">{t('mail.subject')}</th>
                <th scope="col">{t('mail.result')}</th>
                <th scope="col">{t('mail.ticket')}</th>
                <th scope="col">{t('mail.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {log.data?.items.map((mail) => (
                <tr key={mail.id}>
                  <td>
                    <DateTime value={mail.receivedAt} />
                  </td>
                  <td>
                    {mail.from ?? '–'}
                    {mail.senderVerified === false && (
                      <>
                        {' '}
                        <span className="badge badge--unverified">{t('mail.senderUnverified')}</span>
                      </>
                    )}
                    {mail.senderVerification && (
                      <div className="muted">
                        {mail.senderVerified && `${t('mail.senderVerified')}: `}
                        {t(`mail.verification.${mail.senderVerification}` as MessageKey)}
                      </div>
                    )}
                  </td>
                  <th scope="row">{mail.subject || t('mail.noSubject')}</th>
                  <td>
                    {t(`mail.states.${mail.state}` as MessageKey)}
                    {mail.outcome && ` (${mail.outcome})`}
                    {mail.error && <div className="muted">{mail.error}</div>}
                    {mail.notes && <div className="muted">{mail.notes}</div>}
                  </td>
                  <td>
                    {mail.ticketNumber ? (
                      <Link href={`/workspace/tickets/${encodeURIComponent(mail.ticketNumber)}`}>
                        {mail.ticketNumber}
                      </Link>
                    ) : (
                      '–'
                    )}
                  </td>
                  <td>
                    {(mail.state === 'failed' || mail.state === 'ignored') && (
                      <button
                        type="button"
                        className="button button--secondary"
                        onClick={() => void reprocess(mail)}
                      >
                        {t('mail.reprocess')}
                        <span className="visually-hidden"> {t('mail.reprocessWhich', { id: mail.id })}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <IntakeAddresses />
    </>
  );
}
