import { useT } from '../i18n/I18nProvider';

export interface CalendarDay {
  /** local date in Europe/Berlin, YYYY-MM-DD */
  key: string;
  /** the day as the slot list heads it ("Montag, 7. Dezember 2026") */
  label: string;
  count: number;
}

const isoDay = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/**
 * Month grids (Monday first) of the months that have free slots: a day with free slots is a button
 * that shows that day in the slot list, other days are plain text. A table with weekday column
 * headers, so screen readers announce the weekday of each date; each button says its date and how many
 * slots are free. Weekday and month names come from Intl in the page's language.
 */
export function SlotCalendar({
  days,
  selected,
  locale,
  onSelect,
}: {
  days: CalendarDay[];
  selected: string | null;
  locale: string;
  onSelect: (key: string) => void;
}) {
  const t = useT();
  if (days.length === 0) return null;
  const byKey = new Map(days.map((d) => [d.key, d]));
  const months = [...new Set(days.map((d) => d.key.slice(0, 7)))].sort();
  // a Monday in UTC (2024-01-01) to name the weekdays; dates are built in UTC to stay off DST
  const weekdayFormat = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  const weekdays = Array.from({ length: 7 }, (_, i) => weekdayFormat.format(Date.UTC(2024, 0, 1 + i)));
  const monthFormat = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });

  return (
    <div className="slot-calendar">
      <p className="muted">{t('appointments.calendarHint')}</p>
      {months.map((ym) => {
        const [year, month] = ym.split('-').map(Number);
        const first = new Date(Date.UTC(year, month - 1, 1));
        const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
        const lead = (first.getUTCDay() + 6) % 7; // Monday = 0
        const cells: Array<{ id: string; day: number | null }> = [
          ...Array.from({ length: lead }, (_, i) => ({ id: `before-${i}`, day: null })),
          ...Array.from({ length }, (_, i) => ({ id: isoDay(year, month, i + 1), day: i + 1 })),
        ];
        while (cells.length % 7) cells.push({ id: `after-${cells.length}`, day: null });
        const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
        return (
          <table key={ym} className="slot-calendar__month">
            <caption>{monthFormat.format(first)}</caption>
            <thead>
              <tr>
                {weekdays.map((name) => (
                  <th scope="col" key={name}>
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {weeks.map((week) => (
                <tr key={week[0].id}>
                  {week.map(({ id: key, day }) => {
                    if (day === null) return <td key={key} />;
                    const free = byKey.get(key);
                    return (
                      <td key={key}>
                        {free ? (
                          <button
                            type="button"
                            className="slot-calendar__day"
                            aria-pressed={selected === key}
                            aria-label={t('appointments.calendarDay', {
                              date: free.label,
                              count: free.count,
                            })}
                            onClick={() => onSelect(key)}
                          >
                            {day}
                          </button>
                        ) : (
                          <span className="slot-calendar__none">{day}</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}
