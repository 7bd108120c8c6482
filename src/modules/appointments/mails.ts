/**
 * The mails of an appointment (citizen: confirmation request, confirmation with .ics, reminder,
 * cancellation, forwarding; clerk: iCalendar invitations). Texts in the citizen's language; the
 * clerk's invitation is German. All times in Europe/Berlin.
 */
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';
import type { Config } from '../../config';
import { BERLIN_VTIMEZONE } from '../../shared/icalendar';
import type { OutgoingMail } from '../mail/outbox';
import { mailDomain } from '../mail/outbox';
import type { ConsultationMode } from './tables';

export interface AppointmentView {
  id: number;
  bookingNumber: string;
  mode: ConsultationMode;
  startsAt: Date;
  endsAt: Date;
  locale: 'de' | 'en';
  citizenName: string;
  citizenEmail: string | null;
  citizenPhone: string | null;
  sequence: number;
  videoUrl: string | null;
  office: { name: string; address: string; directions: string; mapUrl: string | null; phoneNote: string };
  services: Array<{ nameDe: string; nameEn: string; documentsDe: string; documentsEn: string }>;
  clerk: { name: string; email: string | null };
}

const TIME_ZONE = 'Europe/Berlin';

const modeNames: Record<'de' | 'en', Record<ConsultationMode, string>> = {
  de: { inPerson: 'vor Ort', phone: 'telefonisch', video: 'per Video' },
  en: { inPerson: 'in person', phone: 'by phone', video: 'by video' },
};

// building an Intl.DateTimeFormat costs far more than formatting with it (a hold writes a mail)
const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(tag: string, style: 'date' | 'time'): Intl.DateTimeFormat {
  let format = formats.get(`${tag}:${style}`);
  if (!format) {
    format = new Intl.DateTimeFormat(
      tag,
      style === 'date'
        ? { dateStyle: 'full', timeZone: TIME_ZONE }
        : { timeStyle: 'short', timeZone: TIME_ZONE },
    );
    formats.set(`${tag}:${style}`, format);
  }
  return format;
}

export function formatWhen(v: Pick<AppointmentView, 'startsAt' | 'endsAt'>, locale: 'de' | 'en'): string {
  const tag = locale === 'de' ? 'de-DE' : 'en-GB';
  const day = dateFormat(tag, 'date').format(v.startsAt);
  const time = dateFormat(tag, 'time');
  return `${day}, ${time.format(v.startsAt)}–${time.format(v.endsAt)}${locale === 'de' ? ' Uhr' : ''}`;
}

const serviceNames = (v: AppointmentView, locale: 'de' | 'en') =>
  v.services.map((s) => (locale === 'de' ? s.nameDe : s.nameEn)).join(', ');

function modeDetails(v: AppointmentView, locale: 'de' | 'en'): string[] {
  const de = locale === 'de';
  if (v.mode === 'video')
    return [de ? `Videolink: ${v.videoUrl ?? '–'}` : `Video link: ${v.videoUrl ?? '–'}`];
  if (v.mode === 'phone')
    return [
      de
        ? `Telefontermin: ${v.office.phoneNote || 'Wir rufen Sie an.'} (Nummer: ${v.citizenPhone ?? 'bitte in der Mail nachreichen'})`
        : `Phone appointment: we call you at the agreed time (number: ${v.citizenPhone ?? 'please send it to us'}).`,
    ];
  return [
    de ? `Ort: ${v.office.address}` : `Place: ${v.office.address}`,
    de ? `Anfahrt: ${v.office.directions}` : `Directions: ${v.office.directions}`,
    ...(v.office.mapUrl ? [de ? `Karte: ${v.office.mapUrl}` : `Map: ${v.office.mapUrl}`] : []),
  ];
}

function documentsList(v: AppointmentView, locale: 'de' | 'en'): string[] {
  const docs = v.services
    .map((s) => (locale === 'de' ? s.documentsDe : s.documentsEn))
    .flatMap((d) => d.split('\n'))
    .map((d) => d.trim())
    .filter(Boolean);
  if (docs.length === 0) return [];
  return [locale === 'de' ? 'Bitte bringen Sie mit:' : 'Please bring:', ...docs.map((d) => `- ${d}`)];
}

/** The iCalendar object: stable UID per appointment, SEQUENCE raised on each change. */
export function appointmentIcs(
  config: Pick<Config, 'mailFrom'>,
  v: AppointmentView,
  method: 'REQUEST' | 'CANCEL',
  audience: 'citizen' | 'clerk',
): string {
  const locale = audience === 'clerk' ? 'de' : v.locale;
  const cal = ical({
    prodId: { company: 'amtsdesk', product: 'appointments', language: locale.toUpperCase() },
    method: method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
    timezone: { name: TIME_ZONE, generator: () => BERLIN_VTIMEZONE },
  });
  const attendee =
    audience === 'clerk'
      ? { name: v.clerk.name, email: v.clerk.email ?? 'unknown@invalid' }
      : { name: v.citizenName, email: v.citizenEmail ?? 'unknown@invalid' };
  const summary =
    audience === 'clerk'
      ? `Termin ${v.bookingNumber}: ${serviceNames(v, 'de')} (${modeNames.de[v.mode]}) – ${v.citizenName}`
      : `${serviceNames(v, locale)} – ${v.office.name}`;
  cal.createEvent({
    id: `appointment-${v.id}@${mailDomain(config)}`,
    sequence: v.sequence,
    start: v.startsAt,
    end: v.endsAt,
    timezone: TIME_ZONE,
    stamp: new Date(),
    summary,
    location:
      v.mode === 'video'
        ? (v.videoUrl ?? '')
        : v.mode === 'phone'
          ? modeNames[locale].phone
          : v.office.address,
    description: [
      `${locale === 'de' ? 'Buchungsnummer' : 'Booking number'}: ${v.bookingNumber}`,
      ...modeDetails(v, locale),
      ...documentsList(v, locale),
    ].join('\n'),
    url: v.videoUrl ?? undefined,
    status: method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: v.office.name, email: mailAddress(config.mailFrom) },
    attendees: [
      {
        ...attendee,
        role: ICalAttendeeRole.REQ,
        status: ICalAttendeeStatus.NEEDSACTION,
        rsvp: false,
      },
    ],
  });
  return cal.toString();
}

function mailAddress(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

const ics = (content: string, method: 'REQUEST' | 'CANCEL', filename: string) => ({
  filename,
  contentType: 'text/calendar',
  method,
  contentBase64: Buffer.from(content).toString('base64'),
});

type Mail = Omit<OutgoingMail, 'kind'> & { kind: string };

/** The citizen's calendar file, named in their language (the clerk's invitation stays German). */
const calendarFile = (locale: 'de' | 'en') => (locale === 'de' ? 'termin.ics' : 'appointment.ics');

export function confirmationRequestMail(
  v: AppointmentView,
  confirmUrl: string,
  holdExpiresAt: Date,
  statusCode: string,
): Mail {
  const de = v.locale === 'de';
  const until = dateFormat(de ? 'de-DE' : 'en-GB', 'time').format(holdExpiresAt);
  return {
    kind: 'appointment.confirmationRequest',
    to: [v.citizenEmail ?? ''],
    subject: de
      ? `Bitte bestätigen Sie Ihren Termin ${v.bookingNumber}`
      : `Please confirm your appointment ${v.bookingNumber}`,
    text: [
      de ? `Guten Tag ${v.citizenName},` : `Dear ${v.citizenName},`,
      '',
      de
        ? `wir halten den folgenden Termin bis ${until} Uhr für Sie frei:`
        : `we are holding the following appointment for you until ${until}:`,
      `${serviceNames(v, v.locale)} – ${v.office.name}`,
      `${formatWhen(v, v.locale)} (${modeNames[v.locale][v.mode]})`,
      '',
      de
        ? 'Bitte bestätigen Sie Ihre E-Mail-Adresse und den Termin über diesen Link:'
        : 'Please confirm your e-mail address and the appointment with this link:',
      confirmUrl,
      '',
      de
        ? `Stand abfragen: Buchungsnummer ${v.bookingNumber}, Code ${statusCode}`
        : `Status lookup: booking number ${v.bookingNumber}, code ${statusCode}`,
      '',
      de
        ? 'Ohne Bestätigung verfällt die Reservierung. Wenn Sie nichts gebucht haben, ignorieren Sie diese Mail.'
        : 'Without confirmation the reservation lapses. If you did not book anything, ignore this mail.',
    ].join('\n'),
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

export function confirmationMail(
  config: Pick<Config, 'mailFrom'>,
  v: AppointmentView,
  cancelUrl: string,
  moveUrl: string,
  documentsUrl?: string,
): Mail {
  const de = v.locale === 'de';
  return {
    kind: 'appointment.confirmation',
    to: [v.citizenEmail ?? ''],
    subject: de
      ? `Terminbestätigung ${v.bookingNumber}: ${formatWhen(v, 'de')}`
      : `Appointment confirmed ${v.bookingNumber}: ${formatWhen(v, 'en')}`,
    text: [
      de ? `Guten Tag ${v.citizenName},` : `Dear ${v.citizenName},`,
      '',
      de ? 'Ihr Termin ist verbindlich gebucht.' : 'Your appointment is booked.',
      '',
      `${de ? 'Anliegen' : 'Concern'}: ${serviceNames(v, v.locale)}`,
      `${de ? 'Dienststelle' : 'Office'}: ${v.office.name}`,
      `${de ? 'Termin' : 'Date'}: ${formatWhen(v, v.locale)} (${modeNames[v.locale][v.mode]})`,
      `${de ? 'Buchungsnummer' : 'Booking number'}: ${v.bookingNumber}`,
      ...modeDetails(v, v.locale),
      '',
      ...documentsList(v, v.locale),
      ...(documentsUrl
        ? [
            de
              ? `Unterlagen vorab hochladen (freiwillig; PDF, JPEG oder PNG): ${documentsUrl}`
              : `Upload documents in advance (optional; PDF, JPEG or PNG): ${documentsUrl}`,
          ]
        : []),
      '',
      de ? `Termin absagen: ${cancelUrl}` : `Cancel the appointment: ${cancelUrl}`,
      moveLine(v, moveUrl),
      '',
      de
        ? 'Die Datei termin.ics können Sie in Ihren Kalender übernehmen.'
        : `You can add the file ${calendarFile('en')} to your calendar.`,
    ].join('\n'),
    headers: { 'Auto-Submitted': 'auto-generated' },
    attachments: [ics(appointmentIcs(config, v, 'REQUEST', 'citizen'), 'REQUEST', calendarFile(v.locale))],
  };
}

/** The citizen's link to move the appointment themselves (the cancel token's page, issue 7). */
const moveLine = (v: Pick<AppointmentView, 'locale'>, moveUrl: string) =>
  v.locale === 'de' ? `Termin verschieben: ${moveUrl}` : `Move the appointment: ${moveUrl}`;

export function reminderMail(v: AppointmentView, cancelUrl: string, moveUrl: string): Mail {
  const de = v.locale === 'de';
  return {
    kind: 'appointment.reminder',
    to: [v.citizenEmail ?? ''],
    subject: de
      ? `Erinnerung: Ihr Termin morgen (${v.bookingNumber})`
      : `Reminder: your appointment tomorrow (${v.bookingNumber})`,
    text: [
      de ? `Guten Tag ${v.citizenName},` : `Dear ${v.citizenName},`,
      '',
      de ? 'wir erinnern Sie an Ihren Termin:' : 'this is a reminder of your appointment:',
      `${serviceNames(v, v.locale)} – ${v.office.name}`,
      `${formatWhen(v, v.locale)} (${modeNames[v.locale][v.mode]})`,
      ...modeDetails(v, v.locale),
      '',
      ...documentsList(v, v.locale),
      '',
      de
        ? `Falls Sie nicht kommen können, sagen Sie bitte ab: ${cancelUrl}`
        : `If you cannot come, please cancel: ${cancelUrl}`,
      moveLine(v, moveUrl),
    ].join('\n'),
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

export function cancellationMail(v: AppointmentView, rebookUrl: string): Mail {
  const de = v.locale === 'de';
  return {
    kind: 'appointment.cancellation',
    to: [v.citizenEmail ?? ''],
    subject: de ? `Termin ${v.bookingNumber} abgesagt` : `Appointment ${v.bookingNumber} cancelled`,
    text: [
      de ? `Guten Tag ${v.citizenName},` : `Dear ${v.citizenName},`,
      '',
      de
        ? `Ihr Termin am ${formatWhen(v, 'de')} ist abgesagt.`
        : `Your appointment on ${formatWhen(v, 'en')} has been cancelled.`,
      de ? `Neuen Termin buchen: ${rebookUrl}` : `Book another appointment: ${rebookUrl}`,
    ].join('\n'),
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

/** The clerk's calendar: an iTIP REQUEST (new or changed) or CANCEL that Outlook/Exchange process natively. */
export function clerkInvitationMail(
  config: Pick<Config, 'mailFrom'>,
  v: AppointmentView,
  method: 'REQUEST' | 'CANCEL',
): Mail {
  const cancel = method === 'CANCEL';
  return {
    kind: cancel ? 'appointment.clerkCancel' : 'appointment.clerkInvitation',
    to: [v.clerk.email ?? ''],
    subject: `${cancel ? 'Abgesagt' : 'Termin'}: ${formatWhen(v, 'de')} – ${serviceNames(v, 'de')} (${v.bookingNumber})`,
    text: [
      cancel ? 'Dieser Termin entfällt.' : 'Neuer oder geänderter Termin in Ihrem Kalender:',
      `${serviceNames(v, 'de')} – ${modeNames.de[v.mode]}`,
      formatWhen(v, 'de'),
      `Bürger/in: ${v.citizenName}`,
      ...(v.mode === 'video' ? [`Videolink: ${v.videoUrl ?? '–'}`] : []),
      ...(v.mode === 'phone' ? [`Telefon: ${v.citizenPhone ?? '–'}`] : []),
      `Buchungsnummer: ${v.bookingNumber}`,
    ].join('\n'),
    headers: { 'Auto-Submitted': 'auto-generated' },
    attachments: [
      ics(appointmentIcs(config, v, method, 'clerk'), method, cancel ? 'absage.ics' : 'einladung.ics'),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Clerk side: rebook and forward (issue #7, clerk actions)
// ---------------------------------------------------------------------------------------------

/** The forwarding clerk's note for the new clerk, on top of the invitation (never to the citizen). */
export function withClerkNote(mail: Mail, from: string, note: string): Mail {
  return { ...mail, text: [`Hinweis von ${from}:`, note.trim(), '', mail.text].join('\n') };
}

/**
 * The clerk (`by: 'office'`) or the citizen (`by: 'citizen'`) moved the appointment (time and/or
 * mode): the new time and mode, what to bring, the same cancel and move links and a new termin.ics —
 * same UID, higher SEQUENCE, so the citizen's calendar updates the entry instead of adding a second
 * one. The citizen's own move is confirmed in their words, not as "we had to change it".
 */
export function rebookedMail(
  config: Pick<Config, 'mailFrom'>,
  v: AppointmentView,
  previous: Pick<AppointmentView, 'startsAt' | 'endsAt' | 'mode'>,
  cancelUrl: string,
  options: { by?: 'office' | 'citizen'; moveUrl?: string } = {},
): Mail {
  const de = v.locale === 'de';
  const l = v.locale;
  const byCitizen = options.by === 'citizen';
  const subject = byCitizen
    ? de
      ? `Ihr Termin ${v.bookingNumber} ist verschoben: ${formatWhen(v, 'de')}`
      : `Your appointment ${v.bookingNumber} is moved: ${formatWhen(v, 'en')}`
    : de
      ? `Ihr Termin ${v.bookingNumber} wurde verlegt: ${formatWhen(v, 'de')}`
      : `Your appointment ${v.bookingNumber} has been moved: ${formatWhen(v, 'en')}`;
  const intro = byCitizen
    ? de
      ? 'Sie haben Ihren Termin verschoben. Es gilt jetzt:'
      : 'you have moved your appointment. It is now:'
    : de
      ? 'wir mussten Ihren Termin ändern. Es gilt jetzt:'
      : 'we had to change your appointment. It is now:';
  const cancelText = byCitizen
    ? de
      ? `Termin absagen: ${cancelUrl}`
      : `Cancel the appointment: ${cancelUrl}`
    : de
      ? `Passt Ihnen der neue Termin nicht, sagen Sie ihn bitte ab: ${cancelUrl}`
      : `If the new time does not suit you, please cancel: ${cancelUrl}`;
  return {
    kind: 'appointment.rebooked',
    to: [v.citizenEmail ?? ''],
    subject,
    text: [
      de ? `Guten Tag ${v.citizenName},` : `Dear ${v.citizenName},`,
      '',
      intro,
      '',
      `${de ? 'Anliegen' : 'Concern'}: ${serviceNames(v, l)}`,
      `${de ? 'Dienststelle' : 'Office'}: ${v.office.name}`,
      `${de ? 'Neuer Termin' : 'New date'}: ${formatWhen(v, l)} (${modeNames[l][v.mode]})`,
      `${de ? 'Bisher' : 'Previously'}: ${formatWhen(previous, l)} (${modeNames[l][previous.mode]})`,
      `${de ? 'Buchungsnummer' : 'Booking number'}: ${v.bookingNumber}`,
      ...modeDetails(v, l),
      '',
      ...documentsList(v, l),
      '',
      cancelText,
      ...(options.moveUrl ? [moveLine(v, options.moveUrl)] : []),
      '',
      de
        ? 'Die angehängte Datei termin.ics ersetzt den bisherigen Eintrag in Ihrem Kalender.'
        : `The attached file ${calendarFile('en')} replaces the previous entry in your calendar.`,
    ].join('\n'),
    headers: { 'Auto-Submitted': 'auto-generated' },
    attachments: [ics(appointmentIcs(config, v, 'REQUEST', 'citizen'), 'REQUEST', calendarFile(v.locale))],
  };
}

/**
 * Another clerk takes the appointment; time, place and mode stay. The citizen is told only the new
 * clerk's display name (no mail address, no phone number) and keeps the same links.
 */
export function forwardedMail(v: AppointmentView, cancelUrl: string): Mail {
  const de = v.locale === 'de';
  const l = v.locale;
  return {
    kind: 'appointment.forwarded',
    to: [v.citizenEmail ?? ''],
    subject: de
      ? `Ihr Termin ${v.bookingNumber}: neue Ansprechperson`
      : `Your appointment ${v.bookingNumber}: new contact person`,
    text: [
      de ? `Guten Tag ${v.citizenName},` : `Dear ${v.citizenName},`,
      '',
      de
        ? `Ihr Termin wird von ${v.clerk.name} wahrgenommen. Zeit, Ort und Beratungsform bleiben unverändert:`
        : `Your appointment will be taken by ${v.clerk.name}. Time, place and mode stay the same:`,
      '',
      `${de ? 'Anliegen' : 'Concern'}: ${serviceNames(v, l)}`,
      `${de ? 'Termin' : 'Date'}: ${formatWhen(v, l)} (${modeNames[l][v.mode]})`,
      `${de ? 'Buchungsnummer' : 'Booking number'}: ${v.bookingNumber}`,
      '',
      de ? `Termin absagen: ${cancelUrl}` : `Cancel the appointment: ${cancelUrl}`,
    ].join('\n'),
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}
