import { Field } from '../../components/Field';
import { useT } from '../../i18n/I18nProvider';
import type { WeeklyHours } from './adminApi';
import type { FormKit } from './formKit';

// Opening hours of an office or the schedule of a clerk: one text field per weekday
// ("08:00-12:00, 13:00-16:00"; empty = closed) in a fieldset with a legend.

/** Monday first, as German calendars show the week; keys are the API's weekday numbers. */
export const weekdays = ['1', '2', '3', '4', '5', '6', '0'] as const;
export type HoursText = Record<string, string>;

export const hoursToText = (hours: WeeklyHours): HoursText =>
  Object.fromEntries(
    weekdays.map((d) => [d, (hours[d] ?? []).map(([from, to]) => `${from}-${to}`).join(', ')]),
  );

const windowPattern = /^([01]?\d|2[0-4]):([0-5]\d)\s*[-–]\s*([01]?\d|2[0-4]):([0-5]\d)$/;
const pad = (h: string, m: string) => `${h.padStart(2, '0')}:${m}`;

/** The API's weekly hours, or the weekdays whose text is not "HH:MM-HH:MM, …". */
export function textToHours(text: HoursText): { hours: WeeklyHours; invalid: string[] } {
  const hours: WeeklyHours = {};
  const invalid: string[] = [];
  for (const day of weekdays) {
    const parts = (text[day] ?? '')
      .split(/[,;]/)
      .map((p) => p.trim())
      .filter(Boolean);
    const windows: Array<[string, string]> = [];
    for (const part of parts) {
      const m = windowPattern.exec(part);
      if (!m) {
        invalid.push(day);
        break;
      }
      windows.push([pad(m[1], m[2]), pad(m[3], m[4])]);
    }
    hours[day] = windows; // the API wants every weekday, [] = closed
  }
  return { hours, invalid };
}

/** Labels of the fieldset ("openingHours") and of each weekday ("openingHours.1"), for the form kit. */
export function hoursLabels(name: string, legend: string, dayName: (day: string) => string) {
  return Object.fromEntries([[name, legend], ...weekdays.map((d) => [`${name}.${d}`, dayName(d)])]);
}

export function WeeklyHoursFieldset({
  kit,
  name,
  value,
  onChange,
}: {
  kit: FormKit;
  name: string;
  value: HoursText;
  onChange: (value: HoursText) => void;
}) {
  const t = useT();
  const error = kit.error(name);
  const hintId = `${kit.id(name)}-hint`;
  return (
    <fieldset
      id={kit.id(name)}
      tabIndex={-1}
      aria-describedby={hintId}
      className={error ? 'field field--error weekly-hours' : 'field weekly-hours'}
    >
      <legend>{kit.label(name)}</legend>
      <p id={hintId} className="field__hint">
        {t('appointmentAdmin.hoursHint')}
      </p>
      {error && <p className="field__error">{error}</p>}
      {weekdays.map((day) => {
        const key = `${name}.${day}`;
        return (
          <Field key={day} id={kit.id(key)} label={kit.label(key)} error={kit.error(key)}>
            {(control) => (
              <input
                {...control}
                type="text"
                value={value[day] ?? ''}
                onChange={(e) => onChange({ ...value, [day]: e.target.value })}
              />
            )}
          </Field>
        );
      })}
    </fieldset>
  );
}
