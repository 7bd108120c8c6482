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
    de: 'Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in {seconds} Sekunden erneut.',
    en: 'Too many failed sign-in attempts. Please try again in {seconds} seconds.',
  },
  csrfInvalid: {
    de: 'Das Sicherheitstoken (X-CSRF-Token) fehlt oder ist ungültig. Bitte laden Sie die Seite neu.',
    en: 'The security token (X-CSRF-Token) is missing or invalid. Please reload the page.',
  },
  forbidden: { de: 'Diese Aktion ist Ihnen nicht erlaubt.', en: 'You are not allowed to do this.' },
  tokenScope: {
    de: 'Dieses API-Token hat nicht die Berechtigung „{scope}“.',
    en: 'This API token does not have the scope "{scope}".',
  },
  tokenNotAllowed: {
    de: 'API-Tokens lassen sich nur angemeldet im Browser verwalten, nicht mit einem API-Token.',
    en: 'API tokens can only be managed when signed in in the browser, not with an API token.',
  },
  tokenExpiryOutOfRange: {
    de: 'Das Ablaufdatum muss in der Zukunft und höchstens {maxDays} Tage entfernt liegen.',
    en: 'The expiry date must be in the future and at most {maxDays} days ahead.',
  },
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
  nestingTooDeep: {
    de: 'Die Eingabe ist zu tief verschachtelt (höchstens {max} Ebenen): {fields}.',
    en: 'The input is nested too deeply (at most {max} levels): {fields}.',
  },
  malformedPath: {
    de: 'Der Pfad der Anfrage ist ungültig (fehlerhafte Kodierung oder ein zu langer Abschnitt).',
    en: 'The request path is invalid (malformed encoding or an overlong segment).',
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
  // committees
  personNotActive: {
    de: 'Diese Person gibt es nicht oder sie ist nicht mehr aktiv: {fields}.',
    en: 'This person does not exist or is no longer active: {fields}.',
  },
  minutesApproved: {
    de: 'Das Protokoll ist genehmigt und kann nicht mehr geändert werden. Eine Berichtigung ist ein neuer Beschluss, der auf den alten verweist.',
    en: 'The minutes are approved and can no longer be changed. A correction is a new decision that references the old one.',
  },
  minutesChanged: {
    de: 'Das Protokoll wurde inzwischen geändert. Bitte laden Sie die Seite neu und prüfen Sie es vor der Genehmigung.',
    en: 'The minutes were changed in the meantime. Please reload the page and check them before approving.',
  },
  minutesNotApproved: {
    de: 'Für diese Sitzung gibt es noch kein genehmigtes Protokoll.',
    en: 'This meeting has no approved minutes yet.',
  },
  meetingCancelled: { de: 'Die Sitzung ist abgesagt.', en: 'The meeting is cancelled.' },
  meetingInPast: {
    de: 'Eine Sitzung kann nicht in die Vergangenheit verlegt werden.',
    en: 'A meeting cannot be moved into the past.',
  },
  meetingVersionConflict: {
    de: 'Die Sitzung wurde inzwischen von jemand anderem geändert (Version {current}). Bitte laden Sie die Seite neu.',
    en: 'Someone else changed the meeting in the meantime (version {current}). Please reload the page.',
  },
  agendaItemVersionConflict: {
    de: 'Dieser Tagesordnungspunkt wurde inzwischen von jemand anderem gespeichert (Version {current}). Ihre Eingabe wurde nicht gespeichert: Bitte laden Sie neu und übernehmen Sie Ihre Änderungen.',
    en: 'Someone else saved this agenda item in the meantime (version {current}). Your input was not saved: please reload and apply your changes again.',
  },
  agendaItemClosed: {
    de: 'Dieser Tagesordnungspunkt ist bereits vertagt oder abgesetzt.',
    en: 'This agenda item has already been deferred or removed.',
  },
  noNextMeeting: {
    de: 'Es gibt keine nächste Sitzung, auf die der Punkt vertagt werden kann.',
    en: 'There is no next meeting to defer the item to.',
  },
  decisionVersionConflict: {
    de: 'Der Beschluss wurde inzwischen von jemand anderem geändert (Version {current}). Bitte laden Sie die Seite neu.',
    en: 'Someone else changed the decision in the meantime (version {current}). Please reload the page.',
  },
  correctsUnknownDecision: {
    de: 'Eine Berichtigung muss auf einen genehmigten Beschluss dieses Gremiums verweisen.',
    en: 'A correction must reference an approved decision of this committee.',
  },
  taskDueInPast: {
    de: 'Das Fälligkeitsdatum darf nicht in der Vergangenheit liegen.',
    en: 'The due date must not be in the past.',
  },
  taskAlreadyDone: { de: 'Die Aufgabe ist bereits erledigt.', en: 'The task is already done.' },
  tryAgain: {
    de: 'Die Anfrage ist mit einer gleichzeitigen Änderung zusammengestoßen oder die Datenbank war kurz nicht erreichbar; es wurde nichts gespeichert. Bitte versuchen Sie es gleich noch einmal.',
    en: 'The request collided with a simultaneous change or the database was briefly unreachable; nothing was saved. Please try again in a moment.',
  },
  databaseUnavailable: {
    de: 'Die Datenbank ist nicht erreichbar. Der Dienst verbindet sich von selbst neu, sobald sie wieder läuft.',
    en: 'The database is unavailable. The service reconnects by itself as soon as it is back.',
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
  importTooManyRows: {
    de: 'Die Datei hat mehr als {max} Datenzeilen. Bitte teilen Sie sie auf.',
    en: 'The file has more than {max} data rows. Please split it.',
  },
  importTooManyColumns: {
    de: 'Die Datei hat mehr als {max} Spalten.',
    en: 'The file has more than {max} columns.',
  },
  importInflatedTooLarge: {
    de: 'Die Excel-Datei ist entpackt zu groß ({reason}). Bitte als CSV oder aufgeteilt hochladen.',
    en: 'The Excel file is too large when unpacked ({reason}). Please upload it as CSV or in parts.',
  },
  importSuspiciousArchive: {
    de: 'Die Excel-Datei wird abgelehnt: Sie entpackt sich auf ein Vielfaches ihrer Größe ({reason}).',
    en: 'The Excel file is refused: it unpacks to a multiple of its size ({reason}).',
  },
  importRunNotFound: { de: 'Der Importlauf wurde nicht gefunden.', en: 'The import run was not found.' },
  importFailed: {
    de: 'Der Import ist abgebrochen: {reason}. Bereits übernommene Stapel bleiben; derselbe Import erneut gestartet setzt sie als „unverändert“ fort.',
    en: 'The import stopped: {reason}. Batches already applied stay; running the same import again reports them as unchanged.',
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
  // mail
  inboundMailNotReprocessable: {
    de: 'Die eingegangene Mail {id} gibt es nicht oder sie wird gerade verarbeitet.',
    en: 'Inbound mail {id} does not exist or is being processed right now.',
  },
  intakeAddressExists: {
    de: 'Die Eingangsadresse {address} gibt es schon.',
    en: 'The intake address {address} already exists.',
  },
  intakeAddressNotFound: { de: 'Eingangsadresse nicht gefunden.', en: 'Intake address not found.' },
  // rulebook and budget
  budgetLineNotFound: {
    de: 'Die Haushaltsstelle {id} gibt es nicht.',
    en: 'Budget line {id} does not exist.',
  },
  budgetOwnerOnly: {
    de: 'Nur die IT-Budgetverantwortlichen dieser Haushaltsstelle dürfen darauf bestellen.',
    en: 'Only the budget owners of this budget line may order against it.',
  },
  budgetItemUnknown: {
    de: 'Die Position ist keine freigegebene Beschaffung dieser Haushaltsstelle.',
    en: 'The item is not an approved item of this budget line.',
  },
  orderAmountRequired: {
    de: 'Ohne freigegebene Position ist ein Betrag (in Cent) nötig.',
    en: 'Without an approved item an amount (in cents) is required.',
  },
  budgetExceeded: {
    de: 'Die Bestellung über {requestedFormatted} übersteigt den verfügbaren Betrag von {remainingFormatted}.',
    en: 'The order of {requestedFormatted} exceeds the remaining {remainingFormatted}.',
  },
  itemQuantityExceeded: {
    de: 'Bestellt werden sollen {requestedQuantity} Stück, freigegeben sind noch {remainingQuantity}.',
    en: '{requestedQuantity} requested, only {remainingQuantity} of the approved quantity left.',
  },
  orderNotFound: { de: 'Die Bestellung {id} gibt es nicht.', en: 'Order {id} does not exist.' },
  orderNotCommitted: {
    de: 'Die Bestellung ist bereits {state} und kann nicht mehr geändert werden.',
    en: 'The order is already {state} and can no longer be changed.',
  },
  preAnnouncementRequired: {
    de: 'Ein Vorhaben braucht eine Vorankündigung (Beschreibung und Dringlichkeit).',
    en: 'A project needs a pre-announcement (description and urgency).',
  },
  preAnnouncementIncomplete: {
    de: 'In der Vorankündigung fehlt: {fields}.',
    en: 'The pre-announcement is missing: {fields}.',
  },
  notAProject: {
    de: 'Nur Vorhaben (Prozesstyp Projekt) werden von der IT weitergeleitet.',
    en: 'Only projects are routed by IT.',
  },
  alreadyRouted: {
    de: 'Über dieses Vorhaben hat die IT bereits entschieden.',
    en: 'IT has already routed this project.',
  },
  itOnly: { de: 'Das darf nur die IT.', en: 'Only IT may do this.' },
  escalationNotAllowed: {
    de: 'Eskalieren dürfen die zuständige IT und die Koordination des Amts.',
    en: 'Only the responsible IT staff or the department coordinator may escalate.',
  },
  alreadyEscalated: {
    de: 'Der Vorgang liegt dem Jour Fixe bereits als Eskalation vor.',
    en: 'The ticket is already on the committee’s list as an escalation.',
  },
  rulebookInvalid: { de: 'Das Regelwerk ist ungültig: {fields}.', en: 'The rulebook is invalid: {fields}.' },
  ruleVersionUnknown: {
    de: 'Die Regelwerk-Version {version} gibt es nicht.',
    en: 'Rulebook version {version} does not exist.',
  },
  triageIncomplete: {
    de: 'Der Wegweiser ist noch nicht beantwortet: es fehlt „{question}“.',
    en: 'Triage is not complete: “{question}” is unanswered.',
  },
  innovationRoundNotFound: {
    de: 'Die Innovationsrunde gibt es nicht.',
    en: 'The innovation round does not exist.',
  },
  innovationRoundClosed: {
    de: 'Die Innovationsrunde ist abgeschlossen.',
    en: 'The innovation round is closed.',
  },
  innovationMembersOnly: {
    de: 'Nur Mitglieder der Runde dürfen bewerten.',
    en: 'Only members of the round may score.',
  },
  innovationChairOnly: {
    de: 'Nur der Vorsitz darf die Runde abschließen.',
    en: 'Only the chair may close the round.',
  },
  // appointments
  appointmentOrgUnitUnknown: {
    de: 'Diese Organisationseinheit gibt es nicht.',
    en: 'This organisational unit does not exist.',
  },
  appointmentClerkOfOtherOffice: {
    de: 'Nur Sachbearbeitende derselben Dienststelle können ein Anliegen bearbeiten.',
    en: 'Only clerks of the same office can handle a concern.',
  },
  appointmentPersonUnknown: { de: 'Diese Person gibt es nicht.', en: 'This person does not exist.' },
  appointmentClerkExists: {
    de: 'Diese Person ist in dieser Dienststelle schon als Sachbearbeitung eingetragen.',
    en: 'This person is already a clerk of this office.',
  },
  appointmentDeputyInvalid: {
    de: 'Die Vertretung muss eine andere Sachbearbeitung derselben Dienststelle sein.',
    en: 'The deputy must be another clerk of the same office.',
  },
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
  // appointments: admin settings
  appointmentSettingOutOfRange: {
    de: 'Diese Werte liegen außerhalb des erlaubten Bereichs: {fields}.',
    en: 'These values are outside the allowed range: {fields}.',
  },
  appointmentSettingsVersionConflict: {
    de: 'Die Einstellungen wurden inzwischen von jemand anderem geändert (Version {current}). Bitte laden Sie sie neu.',
    en: 'The settings were changed by someone else meanwhile (version {current}). Please reload them.',
  },
  // appointments: documents the citizen uploads before the appointment (issue 7)
  appointmentDocumentTooLarge: {
    de: 'Die Datei „{filename}“ ist zu groß (höchstens {limit} je Datei).',
    en: 'The file "{filename}" is too large (at most {limit} per file).',
  },
  appointmentDocumentsTotalTooLarge: {
    de: 'Mit „{filename}“ wären es zusammen mehr als {limit}. Bitte löschen Sie eine andere Datei oder verkleinern Sie sie.',
    en: 'With "{filename}" the files would exceed {limit} in total. Please delete another file or make it smaller.',
  },
  appointmentDocumentsTooMany: {
    de: 'Zu diesem Termin sind schon {max} Dateien hochgeladen – mehr geht nicht. Sie können eine Datei löschen und eine andere hochladen.',
    en: '{max} files have already been uploaded for this appointment, which is the maximum. You can delete one and upload another.',
  },
  appointmentDocumentTypeNotAllowed: {
    de: 'Die Datei „{filename}“ hat einen nicht erlaubten Typ ({type}). Erlaubt sind PDF, JPEG und PNG.',
    en: 'The file "{filename}" has a type that is not allowed ({type}). Allowed are PDF, JPEG and PNG.',
  },
  appointmentDocumentTypeMismatch: {
    de: 'Der Inhalt der Datei „{filename}“ ist kein {type}, obwohl sie so angegeben ist. Erlaubt sind echte PDF-, JPEG- und PNG-Dateien.',
    en: 'The content of the file "{filename}" is not {type}, although it is declared so. Allowed are genuine PDF, JPEG and PNG files.',
  },
  appointmentDocumentEmpty: {
    de: 'Die Datei „{filename}“ ist leer.',
    en: 'The file "{filename}" is empty.',
  },
  appointmentDocumentMissing: {
    de: 'Bitte wählen Sie eine Datei aus (Feld „file“).',
    en: 'Please choose a file (field "file").',
  },
  appointmentDocumentNotFound: {
    de: 'Diese Datei gibt es zu Ihrem Termin nicht (mehr).',
    en: 'This file does not exist (any more) for your appointment.',
  },
  appointmentDocumentsNotConfirmed: {
    de: 'Unterlagen können Sie hochladen, sobald Sie den Termin über den Link in der E-Mail bestätigt haben.',
    en: 'You can upload documents once you have confirmed the appointment with the link in the e-mail.',
  },
  appointmentDocumentsCancelled: {
    de: 'Der Termin ist abgesagt oder verfallen; Unterlagen werden dafür nicht mehr angenommen.',
    en: 'The appointment is cancelled or has lapsed; documents are no longer accepted for it.',
  },
  appointmentDocumentsClosed: {
    de: 'Der Termin hat bereits begonnen; Unterlagen können nicht mehr hochgeladen oder gelöscht werden.',
    en: 'The appointment has already begun; documents can no longer be uploaded or deleted.',
  },
  // appointments: clerk actions (rebook, forward)
  appointmentNotVisible: {
    de: 'Diesen Termin gibt es nicht, oder er gehört nicht zu Ihrer Dienststelle.',
    en: 'This appointment does not exist or does not belong to your office.',
  },
  appointmentNotChangeable: {
    de: 'Nur bestätigte Termine lassen sich verlegen oder weitergeben.',
    en: 'Only confirmed appointments can be moved or handed over.',
  },
  appointmentAlreadyBegun: {
    de: 'Dieser Termin hat schon begonnen oder liegt in der Vergangenheit; er lässt sich nicht mehr verlegen oder weitergeben.',
    en: 'This appointment has already begun or is in the past; it can no longer be moved or handed over.',
  },
  appointmentRebookUnchanged: {
    de: 'Zeit, Beratungsform und Sachbearbeitung sind unverändert. Bitte wählen Sie einen anderen Termin.',
    en: 'Time, mode and clerk are unchanged. Please choose another slot.',
  },
  appointmentClerkNotResponsible: {
    de: 'Diese Sachbearbeitung ist für das Anliegen (oder den Buchstabenbereich) nicht zuständig.',
    en: 'This clerk is not responsible for the concern (or the letter range).',
  },
  appointmentClerkNotFree: {
    de: 'Diese Sachbearbeitung ist zu dieser Zeit nicht frei (anderer Termin, Abwesenheit oder keine Sprechzeit).',
    en: 'This clerk is not free at that time (another appointment, an absence or no consulting hours).',
  },
  appointmentForwardSameClerk: {
    de: 'Der Termin liegt bereits bei dieser Sachbearbeitung.',
    en: 'The appointment is already with this clerk.',
  },
  // appointments: the citizen moves the own appointment (issue 7)
  appointmentMoveNotConfirmed: {
    de: 'Bitte bestätigen Sie den Termin zuerst mit dem Link aus der E-Mail; danach können Sie ihn verschieben.',
    en: 'Please confirm the appointment with the link in the e-mail first; then you can move it.',
  },
  appointmentMoveClosed: {
    de: 'Dieser Termin ist abgeschlossen oder verfallen und lässt sich nicht mehr verschieben.',
    en: 'This appointment is closed or has lapsed and can no longer be moved.',
  },
  appointmentMoveBegun: {
    de: 'Dieser Termin hat schon begonnen oder liegt in der Vergangenheit; er lässt sich nicht mehr verschieben.',
    en: 'This appointment has already begun or is in the past; it can no longer be moved.',
  },
  appointmentMoveLimitReached: {
    de: 'Dieser Termin wurde schon {max}-mal verschoben – öfter geht es nicht. Bitte sagen Sie ihn ab und buchen Sie einen neuen.',
    en: 'This appointment has already been moved {max} times, which is the maximum. Please cancel it and book a new one.',
  },
  appointmentMoveUnchanged: {
    de: 'Das ist Ihr bisheriger Termin. Bitte wählen Sie eine andere Zeit oder eine andere Beratungsform.',
    en: 'This is your current appointment. Please choose another time or another mode.',
  },
  appointmentMoveChooseSlot: {
    de: 'Bitte wählen Sie einen neuen Termin aus der Liste.',
    en: 'Please choose a new slot from the list.',
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
