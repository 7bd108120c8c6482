import { neutraliseRow, spreadsheetCsv } from '../../shared/spreadsheet';
import type { presentTask } from './presenter';

type Task = ReturnType<typeof presentTask>;
const header = ['Nr.', 'Gremium', 'Was', 'Wer', 'mit wem', 'bis wann', 'Status', 'Ergebnis'];
const rowOf = (t: Task) => [
  t.id,
  t.committee.name,
  t.title,
  t.owner.name,
  t.collaborators.map((c) => c.name).join(', '),
  t.dueOn,
  t.state === 'done' ? 'erledigt' : t.overdue ? 'überfällig' : 'offen',
  t.resultNote ?? '',
];

/** CSV for Excel in German locales: semicolon, BOM, CRLF; cells that look like formulas are kept text. */
export function tasksCsv(tasks: Task[]): string {
  return spreadsheetCsv([header, ...tasks.map(rowOf)]);
}

export async function tasksXlsx(tasks: Task[]): Promise<Buffer> {
  const book = new (await import('exceljs')).default.Workbook(); // loaded on first use
  book.creator = 'amtsdesk';
  const sheet = book.addWorksheet('Aufgaben');
  sheet.addRow(header).font = { bold: true };
  for (const t of tasks) sheet.addRow(neutraliseRow(rowOf(t)));
  sheet.columns.forEach((col, i) => {
    col.width = [6, 24, 40, 20, 28, 12, 12, 40][i];
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
