// Money is integer cents everywhere (API and database); the formatted string is for display only.
const euro = {
  de: new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }),
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }),
};

export function formatCents(cents: number, locale: 'de' | 'en' = 'de'): string {
  return euro[locale].format(cents / 100);
}
