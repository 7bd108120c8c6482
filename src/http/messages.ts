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
  conflict: {
    de: 'Der Datensatz steht im Konflikt mit einem vorhandenen.',
    en: 'The record conflicts with an existing one.',
  },
  // appointments
  appointmentOfficeNotFound: { de: 'Diese Dienststelle gibt es nicht.', en: 'This office does not exist.' },
  appointmentServiceNotFound: {
    de: 'Dieses Anliegen gibt es nicht oder es ist nicht buchbar.',
    en: 'This concern does not exist or cannot be booked.',
  },
  appointmentServicesOfDifferentOffices: {
    de: 'Mehrere Anliegen in einem Termin müssen zur selben Dienststelle gehören.',
    en: 'Several concerns in one appointment must belong to the same office.',
  },
  appointmentModeNotOffered: {
    de: 'Diese Beratungsform wird für das Anliegen nicht angeboten.',
    en: 'This consultation mode is not offered for the concern.',
  },
  appointmentSlotInPast: { de: 'Dieser Termin liegt in der Vergangenheit.', en: 'This time is in the past.' },
  appointmentSlotUnavailable: {
    de: 'Zu dieser Zeit gibt es keinen Termin (außerhalb der Sprechzeiten, zu kurzfristig oder zu weit in der Zukunft).',
    en: 'There is no appointment at this time (outside opening hours, too short notice or too far ahead).',
  },
  appointmentSlotTaken: {
    de: 'Dieser Termin ist leider schon vergeben. Bitte wählen Sie einen anderen.',
    en: 'Sorry, this slot has just been taken. Please choose another one.',
  },
  appointmentRateLimited: {
    de: 'Zu viele Buchungsversuche. Bitte versuchen Sie es später erneut.',
    en: 'Too many booking attempts. Please try again later.',
  },
  appointmentTooManyOpen: {
    de: 'Mit dieser E-Mail-Adresse sind schon {max} Termine offen.',
    en: 'There are already {max} open appointments for this e-mail address.',
  },
  altchaInvalid: {
    de: 'Die Sicherheitsprüfung ist fehlgeschlagen. Bitte laden Sie die Seite neu.',
    en: 'The security check failed. Please reload the page.',
  },
  altchaReplayed: {
    de: 'Diese Sicherheitsprüfung wurde schon verwendet. Bitte versuchen Sie es erneut.',
    en: 'This security check has already been used. Please try again.',
  },
  appointmentTokenInvalid: {
    de: 'Dieser Link ist ungültig oder abgelaufen.',
    en: 'This link is invalid or has expired.',
  },
  appointmentAlreadyConfirmed: {
    de: 'Dieser Termin ist bereits bestätigt.',
    en: 'This appointment is already confirmed.',
  },
  appointmentAlreadyCancelled: {
    de: 'Dieser Termin ist bereits abgesagt.',
    en: 'This appointment is already cancelled.',
  },
  appointmentHoldExpired: {
    de: 'Die Reservierung ist abgelaufen. Bitte buchen Sie einen neuen Termin.',
    en: 'The reservation has expired. Please book a new appointment.',
  },
  appointmentNotCancellable: {
    de: 'Dieser Termin kann nicht mehr abgesagt werden.',
    en: 'This appointment can no longer be cancelled.',
  },
  appointmentRangeTooLong: {
    de: 'Der Suchzeitraum ist zu lang (höchstens {days} Tage).',
    en: 'The search range is too long (at most {days} days).',
  },
  appointmentNotFound: {
    de: 'Zu dieser Buchungsnummer und diesem Code gibt es keinen Termin.',
    en: 'There is no appointment with this booking number and code.',
  },
  appointmentNoOutcomeYet: {
    de: 'Erledigt oder nicht erschienen lässt sich erst nach Beginn eines bestätigten Termins eintragen.',
    en: 'Done or no-show can only be recorded once a confirmed appointment has begun.',
  },
  appointmentClerkNotFound: { de: 'Diese Sachbearbeitung gibt es nicht.', en: 'This clerk does not exist.' },
  appointmentAbsenceRange: {
    de: 'Das Ende muss nach dem Beginn liegen.',
    en: 'The end must be after the start.',
  },
  appointmentImportUnreadable: {
    de: 'Die Datei ist nicht lesbar: {reason}',
    en: 'The file cannot be read: {reason}',
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
