import { type Language, localeOf } from './i18n/I18nProvider';

// Dates are shown in the administration's time zone, whatever the browser's zone is.
const timeZone = 'Europe/Berlin';

export function formatDateTime(iso: string, lang: Language): string {
  return new Intl.DateTimeFormat(localeOf(lang), {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}

export function formatFileSize(bytes: number, lang: Language): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(localeOf(lang), {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}
