import { useState } from 'react';
import { listMyAppointments } from '../api';
import { Field } from '../components/Field';
import { ProblemAlert } from '../components/ProblemAlert';
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
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
