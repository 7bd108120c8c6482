import { describe, expect, it } from 'vitest';
import { berlinToInstant, parseIcs } from '../../../test/helpers/ics';
import { buildInvitation, meetingUid } from './invitation';

const base = {
  meetingId: 42,
  uidDomain: 'musterstadt.example',
  summary: 'JF IT/Amt 50',
  description: 'TOP 1: Smartphones für den Außendienst',
  location: 'Rathaus, Raum 2.14',
  organizer: { name: 'Carla Reinhardt', email: 'amtsdesk@musterstadt.example' },
  attendees: [{ name: 'Jonas Weber', email: 'it-sb@musterstadt.example' }],
};

describe('meeting invitations as iCalendar', () => {
  it.each([
    [
      'late March (to summer time)',
      new Date(2026, 2, 24, 10, 0),
      new Date(2026, 2, 31, 10, 0),
      '20260331T100000',
      '2026-03-31T08:00:00.000Z',
    ],
    [
      'late October (to winter time)',
      new Date(2026, 9, 20, 10, 0),
      new Date(2026, 9, 27, 10, 0),
      '20261027T100000',
      '2026-10-27T09:00:00.000Z',
    ],
  ])('keeps 10:00 Europe/Berlin across the DST change in %s', (_label, before, after, local, utc) => {
    const first = parseIcs(
      buildInvitation({
        ...base,
        sequence: 0,
        method: 'REQUEST',
        startsAt: before,
        endsAt: new Date(before.getTime() + 3_600_000),
      }),
    );
    const moved = parseIcs(
      buildInvitation({
        ...base,
        sequence: 1,
        method: 'REQUEST',
        startsAt: after,
        endsAt: new Date(after.getTime() + 3_600_000),
      }),
    );
    expect(first.calendar.get('METHOD')?.value).toBe('REQUEST');
    expect(first.lines).toContain('TZID:Europe/Berlin');
    expect(first.event.get('DTSTAMP')?.value).toMatch(/^\d{8}T\d{6}Z$/);
    expect(moved.event.get('DTSTART')).toEqual({ params: ';TZID=Europe/Berlin', value: local });
    expect(berlinToInstant(moved.event.get('DTSTART')?.value ?? '').toISOString()).toBe(utc);
    expect(berlinToInstant(first.event.get('DTSTART')?.value ?? '').toISOString()).toBe(before.toISOString());
    expect(first.event.get('DTSTART')?.value.slice(9)).toBe('100000');
    // same UID, higher SEQUENCE: calendars update the event instead of adding a second one
    expect(moved.event.get('UID')?.value).toBe(first.event.get('UID')?.value);
    expect(moved.event.get('UID')?.value).toBe(meetingUid(42, 'musterstadt.example'));
    expect(Number(moved.event.get('SEQUENCE')?.value)).toBe(Number(first.event.get('SEQUENCE')?.value) + 1);
    expect(moved.event.get('ATTENDEE')?.value).toBe('MAILTO:it-sb@musterstadt.example');
  });

  it('cancels with METHOD:CANCEL and STATUS:CANCELLED', () => {
    const ics = parseIcs(
      buildInvitation({
        ...base,
        sequence: 3,
        method: 'CANCEL',
        startsAt: new Date(2026, 5, 2, 10),
        endsAt: new Date(2026, 5, 2, 11),
      }),
    );
    expect(ics.calendar.get('METHOD')?.value).toBe('CANCEL');
    expect(ics.event.get('STATUS')?.value).toBe('CANCELLED');
    expect(ics.event.get('SEQUENCE')?.value).toBe('3');
  });
});
