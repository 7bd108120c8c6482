import { createHmac } from 'node:crypto';
import ical, { ICalCalendarMethod } from 'ical-generator';
import type { Kysely } from 'kysely';
import type { Config } from '../../config';
import type { DB } from '../../db/schema';
import { BERLIN_VTIMEZONE } from '../../shared/icalendar';
import { mailDomain } from '../mail/outbox';

/** The secret part of a clerk's feed URL: derived (HMAC), so nothing is stored; rotating the key revokes all. */
export function feedToken(hmacKey: string, clerkId: number): string {
  return createHmac('sha256', hmacKey).update(`feed:${clerkId}`).digest('base64url').slice(0, 32);
}

export const feedUrl = (config: Pick<Config, 'publicUrl'>, clerkId: number, token: string) =>
  `${config.publicUrl}/api/v1/public/calendar/${clerkId}/${token}.ics`;

/**
 * A clerk's appointments (30 days back, 120 ahead) as an iCalendar feed for Outlook's "subscribe to
 * internet calendar" — the same UIDs as the invitation mails, so both views stay one event.
 */
export async function clerkFeed(
  db: Kysely<DB>,
  config: Pick<Config, 'mailFrom'>,
  clerkId: number,
): Promise<string> {
  const now = Date.now();
  const rows = await db
    .selectFrom('appointments as a')
    .select([
      'a.id',
      'a.booking_number',
      'a.mode',
      'a.starts_at',
      'a.ends_at',
      'a.citizen_name',
      'a.ics_sequence',
      'a.status',
    ])
    .where('a.clerk_id', '=', clerkId)
    .where('a.status', 'in', ['confirmed', 'done', 'noShow'])
    .where('a.starts_at', '>', new Date(now - 30 * 86_400_000))
    .where('a.starts_at', '<', new Date(now + 120 * 86_400_000))
    .orderBy('a.starts_at')
    .execute();
  const cal = ical({
    name: 'Termine (amtsdesk)',
    prodId: { company: 'amtsdesk', product: 'appointments', language: 'DE' },
    method: ICalCalendarMethod.PUBLISH,
    timezone: { name: 'Europe/Berlin', generator: () => BERLIN_VTIMEZONE },
  });
  const modes = { inPerson: 'vor Ort', phone: 'Telefon', video: 'Video' } as const;
  for (const a of rows)
    cal.createEvent({
      id: `appointment-${a.id}@${mailDomain(config)}`,
      sequence: a.ics_sequence,
      start: a.starts_at,
      end: a.ends_at,
      timezone: 'Europe/Berlin',
      summary: `Termin ${a.booking_number} (${modes[a.mode]}) – ${a.citizen_name || 'anonymisiert'}`,
    });
  return cal.toString();
}
