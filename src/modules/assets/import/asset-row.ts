import {
  normalizeHeader,
  parseDate,
  parseDateTime,
  parseEuroCents,
  type TableRow,
} from '../../../shared/tabular';
import { type AssetStatus, type AssetType, assetStatuses, assetTypes } from '../tables';

/** Column names of inventory and software-distribution exports (Baramundi-like, German and English). */
export const assetImportAliases = {
  inventoryNumber: [
    'Inventarnummer',
    'Inventar-Nr',
    'InvNr',
    'Inv.-Nr.',
    'Inventar',
    'Asset Tag',
    'Anlagennummer',
  ],
  serialNumber: ['Serial', 'Seriennummer', 'Serien-Nr', 'Serial Number', 'SN', 'S/N'],
  hostname: ['Hostname', 'Host', 'Computername', 'Rechnername', 'Gerätename', 'Device Name', 'Client'],
  assetType: ['Type', 'Typ', 'Gerätetyp', 'Geräteart', 'Asset Type', 'Kategorie', 'Category'],
  manufacturer: ['Hersteller', 'Vendor', 'Manufacturer'],
  model: ['Modell', 'Model', 'Produkt', 'Gerätemodell'],
  operatingSystem: ['OS', 'Betriebssystem', 'Operating System'],
  lastSeenAt: ['Last Seen', 'Zuletzt gesehen', 'Letzter Kontakt', 'Last Contact', 'Letzte Inventarisierung'],
  installedSoftware: ['Installed Software', 'Installierte Software', 'Software'],
  status: ['Status', 'Zustand'],
  positionNumber: [
    'Stellenplannummer',
    'Stelle',
    'Stellennummer',
    'Stellen-Nr',
    'Position Number',
    'Position',
  ],
  location: ['Standort', 'Raum', 'Location'],
  purchaseDate: ['Kaufdatum', 'Anschaffungsdatum', 'Purchase Date'],
  purchasePrice: ['Kaufpreis', 'Preis', 'Anschaffungspreis', 'Purchase Price'],
  warrantyEnd: ['Garantieende', 'Garantie bis', 'Warranty End', 'Gewährleistung bis'],
  budgetOrderId: ['Bestellung', 'Bestellnummer', 'Budget Order', 'Order Id'],
  ticketNumber: ['Ticket', 'Ticketnummer', 'Vorgang', 'Ticket Number'],
} as const;

export type AssetImportField = keyof typeof assetImportAliases;

const typeAliases: Record<string, AssetType> = {
  notebook: 'laptop',
  laptop: 'laptop',
  pc: 'desktop',
  desktop: 'desktop',
  desktoppc: 'desktop',
  workstation: 'desktop',
  thinclient: 'thinClient',
  monitor: 'monitor',
  bildschirm: 'monitor',
  display: 'monitor',
  dockingstation: 'dockingStation',
  dock: 'dockingStation',
  smartphone: 'smartphone',
  diensthandy: 'smartphone',
  handy: 'mobilePhone',
  mobiltelefon: 'mobilePhone',
  mobilephone: 'mobilePhone',
  tablet: 'tablet',
  telefon: 'deskPhone',
  tischtelefon: 'deskPhone',
  deskphone: 'deskPhone',
  headset: 'headset',
  drucker: 'printer',
  printer: 'printer',
  multifunktionsgeraet: 'printer',
  scanner: 'scanner',
  lizenz: 'licence',
  licence: 'licence',
  license: 'licence',
  sonstiges: 'other',
  other: 'other',
};
for (const t of assetTypes) typeAliases[normalizeHeader(t)] = t;

const statusAliases: Record<string, AssetStatus> = {
  bestellt: 'ordered',
  lager: 'inStock',
  imlager: 'inStock',
  ausgegeben: 'issued',
  imeinsatz: 'issued',
  reparatur: 'inRepair',
  inreparatur: 'inRepair',
  ausgemustert: 'retired',
  entsorgt: 'disposed',
};
for (const s of assetStatuses) statusAliases[normalizeHeader(s)] = s;

const normalized = new Map<string, string>();
/** Alias lookup with the normalisation of each distinct raw value done once per process. */
function lookup<T>(table: Record<string, T>, raw: string): T | undefined {
  let key = normalized.get(raw);
  if (key === undefined) {
    key = normalizeHeader(raw);
    if (normalized.size < 10_000) normalized.set(raw, key);
  }
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export interface AssetImportValues {
  inventoryNumber?: string;
  serialNumber?: string;
  hostname?: string;
  assetType?: AssetType;
  manufacturer?: string;
  model?: string;
  operatingSystem?: string;
  lastSeenAt?: Date;
  installedSoftware?: string;
  status?: AssetStatus;
  positionNumber?: string;
  location?: string;
  purchaseDate?: string;
  purchasePriceCents?: number;
  warrantyEnd?: string;
  budgetOrderId?: number;
  ticketNumber?: string;
}

export interface RowError {
  code: string;
  field?: string;
  message: string;
}

const MAX_TEXT = 200;

/** Checks one row on its own (no database): known values, dates, prices, lengths. */
export function validateAssetRow(row: TableRow): { values: AssetImportValues; errors: RowError[] } {
  const v = row.values;
  const errors: RowError[] = [];
  const out: AssetImportValues = {};
  if (row.short)
    errors.push({ code: 'missingColumns', message: 'Die Zeile hat weniger Spalten als die Kopfzeile.' });
  const text = (field: AssetImportField, max = MAX_TEXT) => {
    const value = v[field];
    if (value === undefined) return undefined;
    if (value.length > max) {
      errors.push({ code: 'tooLong', field, message: `Höchstens ${max} Zeichen.` });
      return undefined;
    }
    return value;
  };
  out.inventoryNumber = text('inventoryNumber', 60);
  out.serialNumber = text('serialNumber');
  out.hostname = text('hostname');
  out.manufacturer = text('manufacturer');
  out.model = text('model');
  out.operatingSystem = text('operatingSystem');
  out.installedSoftware = text('installedSoftware', 20000);
  out.location = text('location');
  out.positionNumber = text('positionNumber', 50);
  if (v.assetType !== undefined) {
    const t = lookup(typeAliases, v.assetType);
    if (t) out.assetType = t;
    else
      errors.push({
        code: 'unknownType',
        field: 'assetType',
        message: `Unbekannter Gerätetyp „${v.assetType}“.`,
      });
  }
  if (v.status !== undefined) {
    const s = lookup(statusAliases, v.status);
    if (s) out.status = s;
    else
      errors.push({ code: 'unknownStatus', field: 'status', message: `Unbekannter Status „${v.status}“.` });
  }
  for (const field of ['purchaseDate', 'warrantyEnd'] as const) {
    if (v[field] === undefined) continue;
    const d = parseDate(v[field]);
    if (d) out[field] = d;
    else errors.push({ code: 'invalidDate', field, message: `Kein gültiges Datum: „${v[field]}“.` });
  }
  if (v.lastSeenAt !== undefined) {
    const d = parseDateTime(v.lastSeenAt);
    if (d) out.lastSeenAt = d;
    else
      errors.push({
        code: 'invalidDate',
        field: 'lastSeenAt',
        message: `Kein gültiger Zeitpunkt: „${v.lastSeenAt}“.`,
      });
  }
  if (v.purchasePrice !== undefined) {
    const cents = parseEuroCents(v.purchasePrice);
    if (cents !== null && cents >= 0) out.purchasePriceCents = cents;
    else
      errors.push({
        code: 'invalidPrice',
        field: 'purchasePrice',
        message: `Kein gültiger Betrag: „${v.purchasePrice}“.`,
      });
  }
  if (v.budgetOrderId !== undefined) {
    if (/^\d{1,15}$/.test(v.budgetOrderId)) out.budgetOrderId = Number(v.budgetOrderId);
    else
      errors.push({
        code: 'invalidNumber',
        field: 'budgetOrderId',
        message: 'Bestellnummer muss eine Zahl sein.',
      });
  }
  if (v.ticketNumber !== undefined) {
    if (/^\d{4}-\d{1,12}$/.test(v.ticketNumber)) out.ticketNumber = v.ticketNumber;
    else
      errors.push({
        code: 'invalidTicketNumber',
        field: 'ticketNumber',
        message: 'Ticketnummer wie 2026-000123.',
      });
  }
  if (!out.inventoryNumber && !out.serialNumber)
    errors.push({
      code: 'missingKey',
      field: 'inventoryNumber',
      message: 'Weder Inventarnummer noch Seriennummer: die Zeile lässt sich keinem Gerät zuordnen.',
    });
  for (const key of Object.keys(out) as (keyof AssetImportValues)[])
    if (out[key] === undefined) delete out[key];
  return { values: out, errors };
}
