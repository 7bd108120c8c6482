import { checkZip } from './zip-guard';

/** One data line of an uploaded table: its line number in the file and its cells by field name. */
export interface TableRow {
  line: number;
  values: Record<string, string>;
  /** the line had fewer cells than the header */
  short: boolean;
}

export interface Table {
  encoding: 'utf-8' | 'windows-1252' | 'xlsx';
  delimiter: string | null;
  /** field names found in the header (after alias mapping), in file order */
  fields: string[];
  /** header cells that matched no known field */
  unknownHeaders: string[];
  rows: TableRow[];
}

export class TableError extends Error {}

// Windows-1252 differs from Latin-1 only in 0x80–0x9F (€, „, “, – …); Node's TextDecoder without full
// ICU decodes the label as Latin-1, so those 32 code points are mapped here.
const cp1252High =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

export function decodeWindows1252(buffer: Buffer): string {
  const latin1 = buffer.toString('latin1');
  return latin1.replace(/[\u0080-\u009F]/g, (c) => cp1252High[c.charCodeAt(0) - 0x80]);
}

/** Decodes text: valid UTF-8 (with or without BOM) stays UTF-8, anything else is Excel's Windows-1252. */
export function decodeText(buffer: Buffer): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return { text: text.replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(buffer), encoding: 'windows-1252' };
  }
}

/** The delimiter German exports use: whichever of ; , TAB occurs most often in the header line. */
export function detectDelimiter(text: string): string {
  const header = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length);
  const counts = [';', ',', '\t'].map((d) => [d, header.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ';';
}

/** Header normalisation: lower case, umlauts folded, no spaces, dots, dashes or underscores. */
export function normalizeHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]/g, '');
}

/** Maps a header cell to a field through a table of aliases (already normalised). */
export function mapHeaders(headers: string[], aliases: Record<string, readonly string[]>) {
  const lookup = new Map<string, string>();
  for (const [field, names] of Object.entries(aliases)) {
    lookup.set(normalizeHeader(field), field);
    for (const n of names) lookup.set(normalizeHeader(n), field);
  }
  const fields: (string | null)[] = headers.map((h) => lookup.get(normalizeHeader(h)) ?? null);
  return {
    fields,
    unknownHeaders: headers.filter((_, i) => fields[i] === null && headers[i].trim() !== ''),
  };
}

/** Upper bounds of an upload (decision record 0011): beyond them a file is refused before any work. */
export const TABLE_LIMITS = { rows: 100_000, columns: 500 };

export class TableLimitError extends Error {
  constructor(
    readonly limit: 'rows' | 'columns',
    readonly max: number,
  ) {
    super(`more than ${max} ${limit}`);
  }
}

type Matrix = Iterable<{ line: number; cells: string[] }> | AsyncIterable<{ line: number; cells: string[] }>;

/** A table whose rows are read lazily: `rows()` starts a fresh pass over the file each time. */
export interface TableSource extends Omit<Table, 'rows'> {
  rows(): AsyncGenerator<TableRow>;
}

function headerOf(cells: string[], aliases: Record<string, readonly string[]>) {
  if (cells.length > TABLE_LIMITS.columns) throw new TableLimitError('columns', TABLE_LIMITS.columns);
  const { fields, unknownHeaders } = mapHeaders(cells, aliases);
  return { fields, unknownHeaders, width: cells.length };
}

/** Data rows after the header, as field → value; every 2,000 rows the event loop gets a turn. */
async function* dataRows(matrix: Matrix, fields: (string | null)[], width: number): AsyncGenerator<TableRow> {
  let first = true;
  let count = 0;
  for await (const { line, cells } of matrix) {
    if (first) {
      first = false;
      continue;
    }
    if (cells.every((c) => c.trim() === '')) continue;
    if (++count > TABLE_LIMITS.rows) throw new TableLimitError('rows', TABLE_LIMITS.rows);
    if (count % 2000 === 0) await new Promise((r) => setImmediate(r));
    const values: Record<string, string> = {};
    fields.forEach((f, i) => {
      if (f && cells[i] !== undefined && cells[i].trim() !== '' && values[f] === undefined)
        values[f] = cells[i].trim();
    });
    yield { line, values, short: cells.length < width };
  }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { text?: unknown; result?: unknown; richText?: { text: string }[] };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    return String(o.text ?? o.result ?? '');
  }
  return String(v);
}

/** The first worksheet's rows, streamed (exceljs WorkbookReader) from an archive checkZip passed. */
async function* xlsxRows(buffer: Buffer): AsyncGenerator<{ line: number; cells: string[] }> {
  const { Readable } = await import('node:stream');
  const ExcelJS = (await import('exceljs')).default; // loaded on first use
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<import('exceljs').Row>) {
        const cells: string[] = [];
        row.eachCell({ includeEmpty: true }, (cell, col) => {
          cells[col - 1] = cellText(cell.value);
        });
        yield { line: row.number, cells: Array.from(cells, (c) => c ?? '') };
      }
      return; // the first worksheet only
    }
  } catch (e) {
    if (e instanceof TableLimitError) throw e;
    throw new TableError(`xlsx: ${(e as Error).message}`);
  }
}

async function firstOf<T>(rows: AsyncIterable<T> | Iterable<T>): Promise<T | undefined> {
  for await (const r of rows) return r;
  return undefined;
}

/**
 * Opens CSV (UTF-8 or Windows-1252, ; or , or TAB) or XLSX (first worksheet) for reading row by row:
 * the header is read now, the rows on each `rows()` pass. XLSX is checked against zip bombs first
 * (declared and actual inflated sizes, see zip-guard.ts).
 */
export async function openTable(
  buffer: Buffer,
  aliases: Record<string, readonly string[]>,
): Promise<TableSource> {
  if (buffer.length >= 4 && buffer[0] === 0x50 && buffer[1] === 0x4b) {
    await checkZip(buffer);
    const head = await firstOf(xlsxRows(buffer));
    if (!head) throw new TableError('empty');
    const { fields, unknownHeaders, width } = headerOf(head.cells, aliases);
    return {
      encoding: 'xlsx',
      delimiter: null,
      fields: fields.filter((f): f is string => f !== null),
      unknownHeaders,
      rows: () => dataRows(xlsxRows(buffer), fields, width),
    };
  }
  const { text, encoding } = decodeText(buffer);
  const delimiter = detectDelimiter(text);
  const head = firstOf(iterateCsv(text, delimiter));
  const first = await head;
  if (!first) throw new TableError('empty');
  const { fields, unknownHeaders, width } = headerOf(first.cells, aliases);
  return {
    encoding,
    delimiter,
    fields: fields.filter((f): f is string => f !== null),
    unknownHeaders,
    rows: () => dataRows(iterateCsv(text, delimiter), fields, width),
  };
}

/** Reads a whole table into memory (small files, tests); imports use openTable and batches. */
export async function readTable(buffer: Buffer, aliases: Record<string, readonly string[]>): Promise<Table> {
  const { rows, ...table } = await openTable(buffer, aliases);
  const all: TableRow[] = [];
  for await (const row of rows()) all.push(row);
  return { ...table, rows: all };
}

/**
 * RFC 4180 CSV with a given delimiter, forgiving like Excel: quoted cells with "" escapes and line
 * breaks, CRLF or LF, stray text after a closing quote kept. Hand-written because 100,000 rows
 * must parse in well under a second; each record keeps the line number it starts on.
 */
export function parseCsv(text: string, delimiter: string): { line: number; cells: string[] }[] {
  return [...iterateCsv(text, delimiter)];
}

/** parseCsv record by record, so a 100,000-row file is never held as one array of arrays. */
export function* iterateCsv(text: string, delimiter: string): Generator<{ line: number; cells: string[] }> {
  const n = text.length;
  const delim = delimiter.charCodeAt(0);
  let i = 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    for (;;) {
      let cell: string;
      if (text.charCodeAt(i) === 34) {
        let j = i + 1;
        cell = '';
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1) {
            cell += text.slice(j);
            i = n;
            break;
          }
          cell += text.slice(j, q);
          if (text.charCodeAt(q + 1) === 34) {
            cell += '"';
            j = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        for (let k = cell.indexOf('\n'); k !== -1; k = cell.indexOf('\n', k + 1)) line++;
        let j2 = i;
        while (j2 < n) {
          const c = text.charCodeAt(j2);
          if (c === delim || c === 10 || c === 13) break;
          j2++;
        }
        if (j2 > i) cell += text.slice(i, j2);
        i = j2;
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === delim || c === 10 || c === 13) break;
          j++;
        }
        cell = text.slice(i, j);
        i = j;
      }
      cells.push(cell);
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === delim) {
        i++;
        continue;
      }
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      break;
    }
    if (cells.length > 1 || cells[0] !== '') yield { line: startLine, cells };
  }
}

// Cell parsers for German exports ------------------------------------------------------------

/** 'YYYY-MM-DD', 'DD.MM.YYYY' or 'DD.MM.YY' → 'YYYY-MM-DD'; null when not a valid date. */
export function parseDate(value: string): string | null {
  let y: number;
  let m: number;
  let d: number;
  let match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(value);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?:\s.*)?$/.exec(value);
    if (!match) return null;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (y < 100) y += 2000;
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A timestamp like '2026-11-02 08:15', '02.11.2026 08:15:00' or an ISO string, in local time. */
export function parseDateTime(value: string): Date | null {
  const day = parseDate(value);
  if (!day) return null;
  const time = /(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(value.slice(value.search(/[T ]/) + 1));
  if (/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) && value.includes('T')) {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d, Number(time?.[1] ?? 0), Number(time?.[2] ?? 0), Number(time?.[3] ?? 0));
}

/** '1.234,56', '1234,56', '1234.56', '1.299 €' → cents; null when not a number. */
export function parseEuroCents(value: string): number | null {
  let v = value.replace(/[€\s]|EUR/gi, '');
  if (/^-?\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(v) || /^-?\d+,\d{1,2}$/.test(v))
    v = v.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d{1,3}(,\d{3})+(\.\d{1,2})?$/.test(v)) v = v.replace(/,/g, '');
  if (!/^-?\d+(\.\d{1,2})?$/.test(v)) return null;
  return Math.round(Number(v) * 100);
}
