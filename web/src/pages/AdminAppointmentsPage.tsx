import { useState } from 'react';
import { request } from '../api';
import { Field } from '../components/Field';
import { ProblemAlert } from '../components/ProblemAlert';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { localeOf, useLanguage, useT } from '../i18n/I18nProvider';

interface AdminOffice {
  id: number;
  name: string;
  address: string;
  active: boolean;
}
interface AdminService {
  id: number;
  nameDe: string;
  nameEn: string;
  durationMinutes: number;
  modes: Array<'inPerson' | 'phone' | 'video'>;
  clerkIds: number[];
  active: boolean;
}
interface AdminClerk {
  id: number;
  personName: string;
  letters: [string, string] | null;
  deputyClerkId: number | null;
  active: boolean;
}
interface StatisticsRow {
  serviceId: number | null;
  serviceNameDe: string;
  serviceNameEn: string;
  bookings: number;
  cancellations: number;
  noShows: number;
  done: number;
  averageLeadTimeHours: number | null;
  bookedMinutes: number;
  offeredMinutes: number | null;
  utilisation: number | null;
}
interface Statistics {
  items: StatisticsRow[];
  total: StatisticsRow;
}

const dayKey = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const monthAgo = () => {
  const d = new Date();
  d.setDate(d.getDate() - 30);
  return dayKey(d);
};

/** Administration of appointments: offices, concerns and clerks (read-only for now) and the statistics. */
export function AdminAppointmentsPage() {
  const t = useT();
  const { lang } = useLanguage();
  usePageTitle(t('appointments.admin.title'));
  const offices = useResource(
    (signal) => request<{ items: AdminOffice[] }>('GET', '/admin/appointment-offices', undefined, signal),
    'admin-appointment-offices',
  );
  const [chosen, setChosen] = useState<number | null>(null);
  const officeId = chosen ?? offices.data?.items[0]?.id ?? null;
  const [from, setFrom] = useState(monthAgo());
  const [to, setTo] = useState(dayKey(new Date()));
  const services = useResource(
    (signal) =>
      officeId
        ? request<{ items: AdminService[] }>(
            'GET',
            `/admin/appointment-services?officeId=${officeId}`,
            undefined,
            signal,
          )
        : Promise.resolve({ items: [] as AdminService[] }),
    `admin-appointment-services-${officeId}`,
  );
  const clerks = useResource(
    (signal) =>
      officeId
        ? request<{ items: AdminClerk[] }>(
            'GET',
            `/admin/appointment-clerks?officeId=${officeId}`,
            undefined,
            signal,
          )
        : Promise.resolve({ items: [] as AdminClerk[] }),
    `admin-appointment-clerks-${officeId}`,
  );
  const query = `officeId=${officeId}&from=${from}&to=${to}`;
  const stats = useResource(
    (signal) =>
      officeId && from <= to
        ? request<Statistics>('GET', `/appointments/statistics?${query}`, undefined, signal)
        : Promise.resolve(null),
    `appointment-statistics-${query}`,
  );
  const number = new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(localeOf(lang), { style: 'percent', maximumFractionDigits: 1 });
  const nameOf = (row: {
    nameDe?: string;
    nameEn?: string;
    serviceNameDe?: string;
    serviceNameEn?: string;
  }) => (lang === 'en' ? (row.nameEn ?? row.serviceNameEn) : (row.nameDe ?? row.serviceNameDe));
  const clerkName = (id: number | null) => clerks.data?.items.find((c) => c.id === id)?.personName ?? '–';
  const yesNo = (active: boolean) =>
    active ? t('appointments.admin.active') : t('appointments.admin.inactive');
  const error = offices.error ?? services.error ?? clerks.error ?? stats.error;
  return (
    <section>
      <h1>{t('appointments.admin.title')}</h1>
      {error && <ProblemAlert problem={{ error, fieldErrors: {} }} focus={false} />}
      <h2>{t('appointments.admin.offices')}</h2>
      {offices.data && offices.data.items.length === 0 && <p>{t('appointments.admin.noOffices')}</p>}
      {offices.data && offices.data.items.length > 0 && (
        <Field id="admin-office" label={t('appointments.office')}>
          {(control) => (
            <select
              {...control}
              value={officeId ?? ''}
              onChange={(event) => setChosen(Number(event.target.value))}
            >
              {offices.data?.items.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name} ({yesNo(o.active)})
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <h2>{t('appointments.admin.services')}</h2>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('appointments.admin.services')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('appointments.concern')}</th>
              <th scope="col">{t('appointments.admin.duration')}</th>
              <th scope="col">{t('appointments.mode')}</th>
              <th scope="col">{t('appointments.admin.clerks')}</th>
              <th scope="col">{t('appointments.status')}</th>
            </tr>
          </thead>
          <tbody>
            {services.data?.items.map((s) => (
              <tr key={s.id}>
                <td>{nameOf(s)}</td>
                <td>{t('appointments.minutes', { minutes: s.durationMinutes })}</td>
                <td>{s.modes.map((m) => t(`appointments.modes.${m}`)).join(', ')}</td>
                <td>{s.clerkIds.map(clerkName).join(', ')}</td>
                <td>{yesNo(s.active)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('appointments.admin.clerks')}</h2>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('appointments.admin.clerks')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('appointments.admin.person')}</th>
              <th scope="col">{t('appointments.admin.letters')}</th>
              <th scope="col">{t('appointments.admin.deputy')}</th>
              <th scope="col">{t('appointments.status')}</th>
            </tr>
          </thead>
          <tbody>
            {clerks.data?.items.map((c) => (
              <tr key={c.id}>
                <td>{c.personName}</td>
                <td>{c.letters ? `${c.letters[0]}–${c.letters[1]}` : t('appointments.admin.allLetters')}</td>
                <td>{clerkName(c.deputyClerkId)}</td>
                <td>{yesNo(c.active)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('appointments.admin.statistics')}</h2>
      <div className="filters">
        <Field id="stats-from" label={t('appointments.admin.from')}>
          {(control) => (
            <input
              {...control}
              type="date"
              value={from}
              onChange={(event) => setFrom(event.target.value || from)}
            />
          )}
        </Field>
        <Field id="stats-to" label={t('appointments.admin.to')}>
          {(control) => (
            <input
              {...control}
              type="date"
              value={to}
              onChange={(event) => setTo(event.target.value || to)}
            />
          )}
        </Field>
      </div>
      {stats.data && (
        <>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('appointments.admin.statistics')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('appointments.concern')}</th>
                  <th scope="col">{t('appointments.admin.bookings')}</th>
                  <th scope="col">{t('appointments.admin.cancellations')}</th>
                  <th scope="col">{t('appointments.admin.noShows')}</th>
                  <th scope="col">{t('appointments.admin.doneCount')}</th>
                  <th scope="col">{t('appointments.admin.leadTime')}</th>
                  <th scope="col">{t('appointments.admin.utilisation')}</th>
                </tr>
              </thead>
              <tbody>
                {[...stats.data.items, stats.data.total].map((row) => (
                  <tr key={row.serviceId ?? 'total'}>
                    <th scope="row">{nameOf(row)}</th>
                    <td>{row.bookings}</td>
                    <td>{row.cancellations}</td>
                    <td>{row.noShows}</td>
                    <td>{row.done}</td>
                    <td>
                      {row.averageLeadTimeHours === null ? '–' : number.format(row.averageLeadTimeHours)}
                    </td>
                    <td>{row.utilisation === null ? '–' : percent.format(row.utilisation)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            <a href={`/api/v1/appointments/statistics.csv?${query}`} download>
              {t('appointments.admin.csv')}
            </a>
          </p>
        </>
      )}
    </section>
  );
}
