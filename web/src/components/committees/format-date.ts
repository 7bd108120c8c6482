/** 'YYYY-MM-DD' → '07.12.2026' (German date order; a plain calendar date has no time zone). */
export const formatDate = (iso: string) => iso.split('-').reverse().join('.');
