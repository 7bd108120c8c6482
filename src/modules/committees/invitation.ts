import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { BERLIN_VTIMEZONE } from '../../shared/icalendar';

export interface InvitationInput {
  meetingId: number;
  uidDomain: string;
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  summary: string;
  description: string;
  location: string;
  startsAt: Date;
  endsAt: Date;
  organizer: { name: string; email: string };
  attendees: { name: string; email: string }[];
}

/** The stable UID of a meeting: the same for the invitation, every update and the cancellation. */
export const meetingUid = (meetingId: number, domain: string) => `meeting-${meetingId}@${domain}`;

/**
 * An iTIP message (RFC 5546) for one meeting. Times are written as local times with
 * TZID=Europe/Berlin (the process runs in TZ=Europe/Berlin), SEQUENCE grows with every change.
 */
export function buildInvitation(input: InvitationInput): string {
  const calendar = ical({
    prodId: { company: 'Stadt Musterstadt', product: 'amtsdesk', language: 'DE' },
    method: input.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    timezone: { name: 'Europe/Berlin', generator: () => BERLIN_VTIMEZONE },
  });
  calendar.createEvent({
    id: meetingUid(input.meetingId, input.uidDomain),
    sequence: input.sequence,
    start: input.startsAt,
    end: input.endsAt,
    timezone: 'Europe/Berlin',
    summary: input.summary,
    description: input.description,
    location: input.location || null,
    status: input.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: input.organizer,
    attendees: input.attendees.map((a) => ({ name: a.name, email: a.email, rsvp: true })),
  });
  // DTSTAMP must be UTC (RFC 5545 3.8.7.2); ical-generator would write it in the calendar's zone
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return calendar.toString().replace(/^DTSTAMP:.*$/m, `DTSTAMP:${stamp}`);
}
