import { useState } from 'react';
import { useAnnounce } from '../announcer';
import {
  type ClerkAppointment,
  cancelClerkAppointment,
  listCalendarFeeds,
  listMyAppointments,
  recordAppointmentOutcome,
} from '../api';
import { AppointmentDocuments } from '../components/AppointmentDocuments';
import { Field } from '../components/Field';
import { type FormProblem, ProblemAlert, problemFrom } from '../components/ProblemAlert';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { localeOf, useLanguage, useT } from '../i18n/I18nProvider';

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** "Meine Termine": the signed-in clerk's appointments of a day or a week. */
export function MyAppointmentsPage() {
  const t = useT();
  const { lang } = useLanguage();
  usePageTitle(t('appointments.mineTitle'));
  const [date, setDate] = useState(today());
  const [days, setDays] = useState(1);
  const list = useResource(
    (signal) => listMyAppointments(date, days, signal),
    `my-appointments-${date}-${days}`,
  );
  const feeds = useResource((signal) => listCalendarFeeds(signal), 'calendar-feeds');
  const announce = useAnnounce();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const act = async (a: ClerkAppointment, action: 'cancel' | 'done' | 'noShow') => {
    setProblem(null);
    try {
      if (action === 'cancel') await cancelClerkAppointment(a.id);
      else await recordAppointmentOutcome(a.id, action);
      announce(t('appointments.saved', { number: a.bookingNumber }));
      list.reload();
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  const time = new Intl.DateTimeFormat(localeOf(lang), { timeStyle: 'short', timeZone: 'Europe/Berlin' });
  const day = new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'medium', timeZone: 'Europe/Berlin' });
  return (
    <section>
      <h1>{t('appointments.mineTitle')}</h1>
      <div className="filters">
        <Field id="mine-date" label={t('appointments.date')}>
          {(control) => (
            <input
              {...control}
              type="date"
              value={date}
              onChange={(event) => setDate(event.target.value || today())}
            />
          )}
        </Field>
        <Field id="mine-range" label={t('appointments.range')}>
          {(control) => (
            <select {...control} value={days} onChange={(event) => setDays(Number(event.target.value))}>
              <option value={1}>{t('appointments.day')}</option>
              <option value={7}>{t('appointments.week')}</option>
            </select>
          )}
        </Field>
      </div>
      {list.error && <ProblemAlert problem={{ error: list.error, fieldErrors: {} }} focus={false} />}
      <ProblemAlert problem={problem} />
      {list.data && list.data.items.length === 0 && <p>{t('appointments.none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('appointments.mineTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('appointments.when')}</th>
                <th scope="col">{t('appointments.citizen')}</th>
                <th scope="col">{t('appointments.concern')}</th>
                <th scope="col">{t('appointments.mode')}</th>
                <th scope="col">{t('appointments.status')}</th>
                <th scope="col">{t('appointments.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((a) => (
                <tr key={a.id}>
                  <td>
                    {days > 1 && `${day.format(new Date(a.startsAt))}, `}
                    {time.format(new Date(a.startsAt))}–{time.format(new Date(a.endsAt))}
                    <br />
                    <span className="muted">{a.bookingNumber}</span>
                  </td>
                  <td>
                    {a.citizenName}
                    {a.citizenPhone && (
                      <>
                        <br />
                        {a.citizenPhone}
                      </>
                    )}
                    <AppointmentDocuments appointmentId={a.id} bookingNumber={a.bookingNumber} />
                  </td>
                  <td>{a.services.join(', ')}</td>
                  <td>
                    {t(`appointments.modes.${a.mode}`)}
                    {a.videoUrl && (
                      <>
                        <br />
                        <a href={a.videoUrl}>{t('appointments.videoLink')}</a>
                      </>
                    )}
                  </td>
                  <td>
                    {t(`appointments.statuses.${a.status as 'held'}`)}
                    {a.flag && <span className="badge badge--overdue">{t('appointments.noDeputy')}</span>}
                  </td>
                  <td>
                    {a.status === 'confirmed' && new Date(a.startsAt) > new Date() && (
                      <button
                        type="button"
                        className="button button--secondary"
                        onClick={() => void act(a, 'cancel')}
                      >
                        {t('appointments.cancel')}
                        <span className="visually-hidden"> {a.bookingNumber}</span>
                      </button>
                    )}
                    {a.status === 'confirmed' && new Date(a.startsAt) <= new Date() && (
                      <span className="button-row">
                        <button
                          type="button"
                          className="button button--secondary"
                          onClick={() => void act(a, 'done')}
                        >
                          {t('appointments.done')}
                          <span className="visually-hidden"> {a.bookingNumber}</span>
                        </button>
                        <button
                          type="button"
                          className="button button--secondary"
                          onClick={() => void act(a, 'noShow')}
                        >
                          {t('appointments.markNoShow')}
                          <span className="visually-hidden"> {a.bookingNumber}</span>
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {feeds.data && feeds.data.items.length > 0 && (
        <>
          <h2>{t('appointments.feedTitle')}</h2>
          <p>{t('appointments.feedHint')}</p>
          <ul>
            {feeds.data.items.map((f) => (
              <li key={f.url}>
                {f.officeName}: <code>{f.url}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
