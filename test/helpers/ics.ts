// Reading iCalendar text back in tests: no parser library is installed, the format is simple.

/** A small iCalendar reader for the properties we check (unfolds continuation lines). */
export function parseIcs(text: string) {
  const lines = text.replace(/\r\n[ \t]/g, '').split(/\r?\n/);
  const props = (from: string, to: string) => {
    const start = lines.indexOf(from);
    const end = lines.indexOf(to, start);
    const map = new Map<string, { params: string; value: string }>();
    for (const line of lines.slice(start + 1, end)) {
      const m = /^([A-Z-]+)((?:;[^:]*)?):(.*)$/.exec(line);
      if (m && !map.has(m[1])) map.set(m[1], { params: m[2], value: m[3] });
    }
    return map;
  };
  return {
    calendar: props('BEGIN:VCALENDAR', 'BEGIN:VTIMEZONE'),
    event: props('BEGIN:VEVENT', 'END:VEVENT'),
    lines,
  };
}

/** Local wall time "YYYYMMDDTHHMMSS" in Europe/Berlin → instant, using the EU DST rule of the VTIMEZONE. */
export function berlinToInstant(local: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(local);
  if (!m) throw new Error(`bad local time ${local}`);
  const [y, mo, d, h, mi] = m.slice(1, 6).map(Number);
  const lastSunday = (month: number) => {
    const last = new Date(Date.UTC(y, month + 1, 0));
    return last.getUTCDate() - last.getUTCDay();
  };
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  const summerStart = Date.UTC(y, 2, lastSunday(2), 2);
  const summerEnd = Date.UTC(y, 9, lastSunday(9), 3);
  const offsetHours = asUtc >= summerStart && asUtc < summerEnd ? 2 : 1;
  return new Date(asUtc - offsetHours * 3_600_000);
}
