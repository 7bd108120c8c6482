import { stringify } from 'csv-stringify/sync';

/** A cell of an export: text is neutralised, numbers, dates and booleans are written as they are. */
export type CellValue = string | number | boolean | Date | null | undefined;

// OWASP "CSV injection": a spreadsheet reads a cell beginning with one of these as a formula
// (=HYPERLINK(…) to a phishing site, +cmd|… DDE); TAB and CR hide such a start behind whitespace.
const FORMULA_START = /^[=+\-@\t\r]/;
// text that is a plain number ("-12.50", "-1.234,56", "+3") is no formula: kept readable as a number
const PLAIN_NUMBER = /^[+-]?\d+(?:[.,]\d+)*$/;

/**
 * The one rule for every CSV/XLSX export: a text cell that a spreadsheet would evaluate gets a
 * leading apostrophe, so it is shown (and stays) text. Numbers are never touched, and neither is
 * text that is just a signed number, so negative amounts stay amounts.
 */
export function neutraliseCell<T extends CellValue>(value: T): T | string {
  if (typeof value !== 'string') return value;
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** A row for a worksheet (exceljs `addRow`), text cells neutralised. */
export const neutraliseRow = (row: CellValue[]) => row.map(neutraliseCell);

/**
 * CSV the way German spreadsheet software opens it: UTF-8 with BOM, semicolons, every text cell
 * neutralised. `recordDelimiter` CRLF (Excel) unless a caller keeps its established LF.
 */
export function spreadsheetCsv(rows: CellValue[][], options: { recordDelimiter?: '\r\n' | '\n' } = {}) {
  const cells = rows.map((row) => row.map((v) => (v === null || v === undefined ? '' : neutraliseCell(v))));
  return `\uFEFF${stringify(cells, { delimiter: ';', record_delimiter: options.recordDelimiter ?? '\r\n' })}`;
}
