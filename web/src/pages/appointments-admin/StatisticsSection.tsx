import { useState } from 'react';
import { BarChart, type BarChartRow, type BarFill } from '../../components/BarChart';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useResource } from '../../hooks/useResource';
import { localeOf, type Translate, useLanguage, useT } from '../../i18n/I18nProvider';
import { getStatistics, type StatisticsRow, statisticsCsvUrl } from './adminApi';

const dayKey = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const monthAgo = () => {
  const d = new Date();
  d.setDate(d.getDate() - 30);
  return dayKey(d);
};

/** Statistics of one office for a period: a chart per concern, the table (the accessible alternative) and CSV. */
export function StatisticsSection({ officeId }: { officeId: number }) {
  const t = useT();
  const { lang } = useLanguage();
  const [from, setFrom] = useState(monthAgo());
  const [to, setTo] = useState(dayKey(new Date()));
  const query = `officeId=${officeId}&from=${from}&to=${to}`;
  const stats = useResource(
    (signal) => (from <= to ? getStatistics(query, signal) : Promise.resolve(null)),
    `appointment-statistics-${query}`,
  );
  const number = new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(localeOf(lang), { style: 'percent', maximumFractionDigits: 1 });
  const nameOf = (row: StatisticsRow) => (lang === 'en' ? row.serviceNameEn : row.serviceNameDe);
  const rows = stats.data ? [...stats.data.items, stats.data.total] : [];
  const maxBookings = Math.max(1, ...rows.map((r) => r.bookings));
  return (
    <section aria-labelledby="appointment-statistics-heading">
      <h2 id="appointment-statistics-heading">{t('appointments.admin.statistics')}</h2>
      <div className="filters">
        <Field id="stats-from" label={t('appointments.admin.from')}>
          {(control) => (
            <input {...control} type="date" value={from} onChange={(e) => setFrom(e.target.value || from)} />
          )}
        </Field>
        <Field id="stats-to" label={t('appointments.admin.to')}>
          {(control) => (
            <input {...control} type="date" value={to} onChange={(e) => setTo(e.target.value || to)} />
          )}
        </Field>
      </div>
      {stats.error && <ProblemAlert problem={{ error: stats.error, fieldErrors: {} }} focus={false} />}
      {stats.data && (
        <>
          <h3>{t('appointmentAdmin.chart.title')}</h3>
          <BarChart
            legend={segmentNames.map((name) => ({
              label: t(`appointmentAdmin.chart.${name}`),
              fill: segmentFills[name],
            }))}
            rows={rows.map((row) => chartRow(row, nameOf(row), maxBookings, t, percent))}
          />
          <h3>{t('appointmentAdmin.chart.tableTitle')}</h3>
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
                {rows.map((row) => (
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
            <a href={statisticsCsvUrl(query)} download>
              {t('appointments.admin.csv')}
            </a>
          </p>
        </>
      )}
    </section>
  );
}

const segmentFills = {
  done: 'solid',
  open: 'striped',
  noShows: 'alert',
  cancellations: 'hatched',
  utilisation: 'accent',
} as const satisfies Record<string, BarFill>;
const segmentNames = Object.keys(segmentFills) as Array<keyof typeof segmentFills>;

/**
 * Per concern: one stacked bar of the bookings (done | still open | no-show | cancelled), scaled to the
 * largest number of bookings, and one bar of the utilisation (0–100 %). The text says the same.
 */
function chartRow(
  row: StatisticsRow,
  name: string,
  maxBookings: number,
  t: Translate,
  percent: Intl.NumberFormat,
): BarChartRow {
  const open = Math.max(0, row.bookings - row.done - row.noShows - row.cancellations);
  const utilisation = row.utilisation === null ? '–' : percent.format(row.utilisation);
  return {
    key: row.serviceId ?? 'total',
    summary: t('appointmentAdmin.chart.summary', {
      name,
      bookings: row.bookings,
      done: row.done,
      open,
      noShows: row.noShows,
      cancellations: row.cancellations,
      utilisation,
    }),
    bars: [
      {
        max: maxBookings,
        segments: [
          { value: row.done, fill: segmentFills.done },
          { value: open, fill: segmentFills.open },
          { value: row.noShows, fill: segmentFills.noShows },
          { value: row.cancellations, fill: segmentFills.cancellations },
        ],
      },
      { max: 1, segments: [{ value: row.utilisation ?? 0, fill: segmentFills.utilisation }] },
    ],
  };
}
