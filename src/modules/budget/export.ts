import { neutraliseRow, spreadsheetCsv } from '../../shared/spreadsheet';
import type { presentBudgetLine } from './presenter';

type Line = ReturnType<typeof presentBudgetLine>;

const header = {
  de: [
    'Haushalt',
    'Haushaltsstelle',
    'Bezeichnung',
    'Organisationseinheit',
    'Zweck',
    'Geplant (EUR)',
    'Freigegeben (EUR)',
    'Gebunden (EUR)',
    'Ausgegeben (EUR)',
    'Verfügbar (EUR)',
  ],
  en: [
    'Budget period',
    'Budget line',
    'Name',
    'Org unit',
    'Purpose',
    'Planned (EUR)',
    'Approved (EUR)',
    'Committed (EUR)',
    'Spent (EUR)',
    'Remaining (EUR)',
  ],
};

// exact decimal string from integer cents, no floating point
const euros = (cents: number) => {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

const row = (l: Line) => [
  l.period.name,
  l.code,
  l.name,
  l.orgUnit.name,
  l.purpose,
  euros(l.planned),
  euros(l.approved),
  euros(l.committed),
  euros(l.spent),
  euros(l.remaining),
];

/** CSV with a BOM and semicolons, the way German spreadsheet software opens it; names kept text. */
export function budgetCsv(lines: Line[], locale: 'de' | 'en'): string {
  return spreadsheetCsv([header[locale], ...lines.map(row)], { recordDelimiter: '\n' });
}

export async function budgetXlsx(lines: Line[], locale: 'de' | 'en'): Promise<Buffer> {
  const wb = new (await import('exceljs')).default.Workbook(); // loaded on first use
  const ws = wb.addWorksheet(locale === 'de' ? 'IT-Budget' : 'IT budget');
  ws.addRow(header[locale]).font = { bold: true };
  for (const l of lines) {
    const r = row(l);
    // amounts as numbers with a currency format (cents / 100 is exact enough for display in a sheet)
    ws.addRow([
      ...neutraliseRow(r.slice(0, 5)),
      ...[l.planned, l.approved, l.committed, l.spent, l.remaining].map((c) => c / 100),
    ]);
  }
  for (let c = 6; c <= 10; c++) ws.getColumn(c).numFmt = '#,##0.00';
  ws.columns.forEach((col) => {
    col.width = 18;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
