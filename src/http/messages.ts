// Server-side messages (problem details), German first. Keys are the stable error codes.
export type Locale = 'de' | 'en';

export const messages: Record<string, Record<Locale, string>> = {
  unauthenticated: { de: 'Bitte melden Sie sich an.', en: 'Please sign in.' },
  sessionExpired: {
    de: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
    en: 'Your session has expired. Please sign in again.',
  },
  invalidCredentials: { de: 'Benutzername oder Passwort ist falsch.', en: 'User name or password is wrong.' },
  tooManyLoginAttempts: {
    de: 'Zu viele Anmeldeversuche. Bitte warten Sie {minutes} Minuten.',
    en: 'Too many sign-in attempts. Please wait {minutes} minutes.',
  },
  csrfInvalid: {
    de: 'Das Sicherheitstoken (X-CSRF-Token) fehlt oder ist ungültig. Bitte laden Sie die Seite neu.',
    en: 'The security token (X-CSRF-Token) is missing or invalid. Please reload the page.',
  },
  forbidden: { de: 'Diese Aktion ist Ihnen nicht erlaubt.', en: 'You are not allowed to do this.' },
  notFound: { de: 'Nicht gefunden.', en: 'Not found.' },
  outboundMailNotRetryable: {
    de: 'Die Mail {id} gibt es nicht oder sie ist schon versendet.',
    en: 'Mail {id} does not exist or has already been sent.',
  },
  ticketNotFound: { de: 'Vorgang {number} wurde nicht gefunden.', en: 'Ticket {number} was not found.' },
  validationFailed: { de: 'Die Eingabe ist ungültig: {fields}.', en: 'The input is invalid: {fields}.' },
  malformedJson: { de: 'Der Inhalt ist kein gültiges JSON.', en: 'The body is not valid JSON.' },
  malformedMultipart: {
    de: 'Der Datei-Upload ist fehlerhaft (multipart/form-data).',
    en: 'The file upload is malformed (multipart/form-data).',
  },
  nulCharacter: {
    de: 'Die Eingabe enthält ein unzulässiges Nullzeichen: {fields}.',
    en: 'The input contains a forbidden NUL character: {fields}.',
  },
  unsupportedMediaType: {
    de: 'Dieser Inhaltstyp wird nicht unterstützt.',
    en: 'This content type is not supported.',
  },
  bodyTooLarge: {
    de: 'Der Inhalt ist zu groß (höchstens {limit} Bytes).',
    en: 'The body is too large (at most {limit} bytes).',
  },
  attachmentTooLarge: {
    de: 'Die Datei ist zu groß (höchstens {limit} Bytes).',
    en: 'The file is too large (at most {limit} bytes).',
  },
  attachmentTypeNotAllowed: {
    de: 'Dateityp {type} ist nicht erlaubt.',
    en: 'File type {type} is not allowed.',
  },
  attachmentMissing: {
    de: 'Es wurde keine Datei im Feld „file“ gesendet.',
    en: 'No file was sent in field "file".',
  },
  unknownTopic: { de: 'Das Thema „{topic}“ gibt es nicht.', en: 'Topic "{topic}" does not exist.' },
  lastStateOfType: {
    de: 'Der letzte aktive Status vom Typ „{type}“ kann nicht deaktiviert werden.',
    en: 'The last active state of type "{type}" cannot be deactivated.',
  },
  unknownState: { de: 'Den Status „{state}“ gibt es nicht.', en: 'State "{state}" does not exist.' },
  transitionNotAllowed: {
    de: 'Von „{from}“ nach „{to}“ ist kein Statuswechsel möglich.',
    en: 'Changing the state from "{from}" to "{to}" is not allowed.',
  },
  versionConflict: {
    de: 'Der Vorgang wurde inzwischen von jemand anderem geändert (Version {current}). Bitte laden Sie ihn neu.',
    en: 'The ticket was changed by someone else meanwhile (version {current}). Please reload it.',
  },
  assigneeNotInGroup: {
    de: 'Die Person ist nicht Mitglied der zuständigen Gruppe.',
    en: 'The person is not a member of the responsible group.',
  },
  ticketMerged: {
    de: 'Der Vorgang wurde zusammengeführt und kann nicht mehr geändert werden.',
    en: 'The ticket was merged and can no longer be changed.',
  },
  invalidCursor: { de: 'Der Blätter-Cursor ist ungültig.', en: 'The pagination cursor is invalid.' },
  rateLimited: {
    de: 'Zu viele Anfragen. Bitte versuchen Sie es später erneut.',
    en: 'Too many requests. Please try again later.',
  },
  internal: {
    de: 'Ein interner Fehler ist aufgetreten. Er wurde protokolliert.',
    en: 'An internal error occurred. It has been logged.',
  },
  // positions, assets, imports, applications
  positionNotFound: {
    de: 'Die Stelle {positionNumber} gibt es nicht.',
    en: 'Position {positionNumber} does not exist.',
  },
  unknownPosition: {
    de: 'Die Stellenplannummer {positionNumber} ist unbekannt.',
    en: 'Staff-plan number {positionNumber} is unknown.',
  },
  positionClosed: {
    de: 'Die Stelle {positionNumber} ist geschlossen.',
    en: 'Position {positionNumber} is closed.',
  },
  positionOverbooked: {
    de: 'Die Stelle {positionNumber} ist bereits besetzt (frei: {free} %).',
    en: 'Position {positionNumber} is already filled (free: {free} %).',
  },
  alreadyHolder: {
    de: 'Die Person hat die Stelle {positionNumber} bereits inne.',
    en: 'The person already holds position {positionNumber}.',
  },
  unknownPerson: { de: 'Die Person {personId} gibt es nicht.', en: 'Person {personId} does not exist.' },
  assetNotFound: {
    de: 'Das Gerät {inventoryNumber} wurde nicht gefunden.',
    en: 'Asset {inventoryNumber} was not found.',
  },
  assetBelongsToPosition: {
    de: 'Ausstattung gehört zur Stelle, nicht zur Person. Bitte eine Stellenplannummer angeben.',
    en: 'Equipment belongs to the position, not to the person. Please give a staff-plan number.',
  },
  assetMoveNeedsTicket: {
    de: 'Ausstattung wechselt die Stelle nur über ein IT-Ticket. Bitte die Ticketnummer angeben.',
    en: 'Equipment moves between positions only through an IT ticket. Please give the ticket number.',
  },
  assetNotAssignable: {
    de: 'Ein Gerät im Status „{status}“ kann keiner Stelle zugeordnet werden.',
    en: 'An asset with status "{status}" cannot be assigned to a position.',
  },
  assetTransitionNotAllowed: {
    de: 'Von „{from}“ nach „{to}“ ist kein Statuswechsel des Geräts möglich.',
    en: 'The asset cannot change from "{from}" to "{to}".',
  },
  assetIssuedNeedsPosition: {
    de: 'Ausgegeben werden kann ein Gerät nur an eine Stelle.',
    en: 'An asset can only be issued to a position.',
  },
  inventoryNumberTaken: {
    de: 'Die Inventarnummer {inventoryNumber} ist bereits vergeben.',
    en: 'Inventory number {inventoryNumber} is already in use.',
  },
  importMissingColumns: {
    de: 'In der Datei fehlen Spalten: {columns}.',
    en: 'The file lacks columns: {columns}.',
  },
  importEmpty: { de: 'Die Datei enthält keine Datenzeilen.', en: 'The file has no data rows.' },
  importUnreadable: {
    de: 'Die Datei konnte nicht gelesen werden: {reason}',
    en: 'The file could not be read: {reason}',
  },
  applicationNotFound: {
    de: 'Das Fachverfahren wurde nicht gefunden.',
    en: 'The application was not found.',
  },
  unknownResponsibilityModel: {
    de: 'Das Verantwortungsmodell „{key}“ gibt es nicht.',
    en: 'Responsibility model "{key}" does not exist.',
  },
  applicationNameTaken: {
    de: 'Ein Fachverfahren namens „{name}“ gibt es bereits.',
    en: 'An application named "{name}" already exists.',
  },
  conflict: {
    de: 'Der Datensatz steht im Konflikt mit einem vorhandenen.',
    en: 'The record conflicts with an existing one.',
  },
};

export function translate(
  code: string,
  locale: Locale,
  params: Record<string, string | number> = {},
): string {
  const template = messages[code]?.[locale] ?? messages[code]?.de ?? code;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));
}

export function pickLocale(acceptLanguage: string | undefined, fallback: Locale = 'de'): Locale {
  if (!acceptLanguage) return fallback;
  for (const part of acceptLanguage.split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'de' || tag === 'en') return tag;
  }
  return fallback;
}
