import { normalizeHeader, parseDate, type TableRow } from '../../../shared/tabular';
import type { RowError } from '../../assets/import/asset-row';
import type { PositionType } from '../tables';

/** Column names of staff-plan exports of HR systems (German and English). */
export const positionImportAliases = {
  positionNumber: [
    'Stellenplannummer',
    'Stellennummer',
    'Stellen-Nr',
    'Stelle',
    'Planstelle',
    'Position Number',
  ],
  orgUnit: ['Organisationseinheit', 'OE', 'OE-Kürzel', 'Amt', 'Dienststelle', 'Org Unit', 'Organisation'],
  title: ['Stellenbezeichnung', 'Bezeichnung', 'Funktion', 'Title'],
  positionType: ['Stellentyp', 'Ausstattungsprofil', 'Arbeitsplatztyp', 'Position Type', 'Profil'],
  fte: ['Stellenanteil', 'VZÄ', 'VZAE', 'FTE', 'Stellenumfang'],
  login: ['Kennung', 'Benutzername', 'Anmeldename', 'Login', 'User', 'Benutzer'],
  holderName: ['Stelleninhaber', 'Inhaber', 'Name', 'Mitarbeiter', 'Mitarbeiterin', 'Holder'],
  email: ['E-Mail', 'Email', 'Mail'],
  validFrom: ['Gültig ab', 'Beginn', 'Ab', 'Eintritt', 'Valid From', 'Besetzt seit'],
  share: ['Beschäftigungsumfang', 'Anteil Inhaber', 'Share', 'Arbeitszeitanteil'],
} as const;

const typeAliases: Record<string, PositionType> = {
  standard: 'standardWorkplace',
  standardarbeitsplatz: 'standardWorkplace',
  standardworkplace: 'standardWorkplace',
  mobil: 'mobileWorkplace',
  mobile: 'mobileWorkplace',
  mobilerarbeitsplatz: 'mobileWorkplace',
  mobilesonderausstattung: 'mobileWorkplace',
  mobileworkplace: 'mobileWorkplace',
  spezial: 'specialistWorkplace',
  fachanwendung: 'specialistWorkplace',
  spezialarbeitsplatz: 'specialistWorkplace',
  specialistworkplace: 'specialistWorkplace',
};

export interface PositionImportValues {
  positionNumber?: string;
  orgUnit?: string;
  title?: string;
  positionType?: PositionType;
  ftePercent?: number;
  login?: string;
  holderName?: string;
  email?: string;
  validFrom?: string;
  sharePercent?: number;
}

/** '1', '0,5', '0.75', '50 %', '50' → percent (1–100); null when not a share. */
export function parsePercent(value: string): number | null {
  const v = value.replace(/\s|%/g, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(v)) return null;
  const n = Number(v);
  const percent = n <= 1 && !value.includes('%') ? Math.round(n * 100) : Math.round(n);
  return percent >= 1 && percent <= 100 ? percent : null;
}

export function validatePositionRow(row: TableRow): { values: PositionImportValues; errors: RowError[] } {
  const v = row.values;
  const errors: RowError[] = [];
  const out: PositionImportValues = {};
  if (row.short)
    errors.push({ code: 'missingColumns', message: 'Die Zeile hat weniger Spalten als die Kopfzeile.' });
  if (!v.positionNumber)
    errors.push({ code: 'missingValue', field: 'positionNumber', message: 'Die Stellenplannummer fehlt.' });
  else if (!/^[A-Za-z0-9][A-Za-z0-9./_-]{0,49}$/.test(v.positionNumber))
    errors.push({
      code: 'invalidPositionNumber',
      field: 'positionNumber',
      message: `Ungültige Stellenplannummer „${v.positionNumber}“.`,
    });
  else out.positionNumber = v.positionNumber;
  if (v.orgUnit) out.orgUnit = v.orgUnit;
  if (v.title) {
    if (v.title.length > 200)
      errors.push({ code: 'tooLong', field: 'title', message: 'Höchstens 200 Zeichen.' });
    else out.title = v.title;
  }
  if (v.positionType) {
    const t = typeAliases[normalizeHeader(v.positionType)];
    if (t) out.positionType = t;
    else
      errors.push({
        code: 'unknownPositionType',
        field: 'positionType',
        message: `Unbekannter Stellentyp „${v.positionType}“.`,
      });
  }
  for (const [field, key] of [
    ['fte', 'ftePercent'],
    ['share', 'sharePercent'],
  ] as const) {
    if (!v[field]) continue;
    const p = parsePercent(v[field]);
    if (p === null)
      errors.push({ code: 'invalidShare', field, message: `Kein gültiger Anteil: „${v[field]}“.` });
    else out[key] = p;
  }
  if (v.login) {
    if (!/^[A-Za-z0-9._@-]{2,100}$/.test(v.login))
      errors.push({ code: 'invalidLogin', field: 'login', message: `Ungültige Kennung „${v.login}“.` });
    else out.login = v.login;
  }
  if (v.holderName) out.holderName = v.holderName.slice(0, 200);
  if (v.email) out.email = v.email.slice(0, 300);
  if (v.validFrom) {
    const d = parseDate(v.validFrom);
    if (d) out.validFrom = d;
    else
      errors.push({
        code: 'invalidDate',
        field: 'validFrom',
        message: `Kein gültiges Datum: „${v.validFrom}“.`,
      });
  }
  return { values: out, errors };
}
