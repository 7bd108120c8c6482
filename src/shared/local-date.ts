/**
 * A calendar day in the process's time zone (Europe/Berlin, set at start) as 'YYYY-MM-DD'. SQL gets
 * "today" from here as a parameter, never as `current_date`: the database session runs in UTC, so
 * `current_date` is yesterday between midnight and 01:00 (02:00 in summer) in Berlin.
 */
export function localDate(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
