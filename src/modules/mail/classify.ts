import { convert } from 'html-to-text';
import type { AddressObject, HeaderValue, ParsedMail } from 'mailparser';
import sanitizeHtml from 'sanitize-html';
import { ownMessageIdTag } from './message-id';

// Pure rules of the intake: what a message is (noise, loop, reply, pre-announcement) and its text.

export type NoiseOutcome = 'ownMail' | 'bounce' | 'autoReply' | 'bulk' | 'noReplySender';

const NUMBER = /\[#(\d{4}-\d{6})\]/;
const PRE_ANNOUNCEMENT =
  /^\s*(?:(?:re|aw|wg|fw|fwd)\s*:\s*)*Vorkl(?:ä|ae)rung Projekt f(?:ü|ue)r IT\/\s*([^:]+?)\s*-\s*JF\s*:\s*(.+?)\s*$/i;
const NO_REPLY_SENDER =
  /^(?:mailer-daemon|postmaster|no-?reply|do-?not-?reply|donotreply|bounces?|auto-?reply|listserv|majordomo)(?:[+-][^@]*)?@/i;

export function ticketNumberFromSubject(subject: string | undefined): string | null {
  return subject ? (NUMBER.exec(subject)?.[1] ?? null) : null;
}

/** `Vorklärung Projekt für IT/50-JF: Neues Fachverfahren` → { department: '50', project: 'Neues Fachverfahren' } */
export function preAnnouncement(subject: string | undefined): { department: string; project: string } | null {
  const match = subject ? PRE_ANNOUNCEMENT.exec(subject) : null;
  if (!match) return null;
  const project = match[2].trim();
  return project ? { department: match[1].trim(), project } : null;
}

/** `it-support+2026-000123@…` among the recipients → 2026-000123 */
export function ticketNumberFromAddresses(addresses: string[]): string | null {
  for (const address of addresses) {
    const match = /^[^@+\s]+\+(\d{4}-\d{6})@/.exec(address.trim().toLowerCase());
    if (match) return match[1];
  }
  return null;
}

/** Re:/AW:/Fwd:/WG: prefixes and the ticket tag removed; never empty. */
export function cleanSubject(subject: string | undefined, fallback: string): string {
  let s = (subject ?? '').replace(NUMBER, ' ');
  for (let i = 0; i < 5; i++) s = s.replace(/^\s*(?:re|aw|wg|fw|fwd|antw|sv)\s*(?:\[\d+\])?\s*:\s*/i, '');
  s = s.replace(/\s+/g, ' ').trim();
  return (s || fallback).slice(0, 200);
}

export function addressesOf(value: AddressObject | AddressObject[] | undefined): string[] {
  if (!value) return [];
  const list = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  const walk = (entries: AddressObject['value']) => {
    for (const e of entries) {
      if (e.address) out.push(e.address.toLowerCase());
      if (e.group) walk(e.group);
    }
  };
  for (const a of list) walk(a.value);
  return out;
}

const headerText = (value: HeaderValue | undefined): string => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => headerText(v as HeaderValue)).join(' ');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return String(value);
};

/**
 * Mail that must not become a ticket (and must never be answered): our own mail coming back,
 * delivery reports, auto-replies (RFC 3834), bulk/list mail and system senders.
 */
export function classifyNoise(
  parsed: ParsedMail,
  config: { mailSecret: string },
  sender: string | null,
): NoiseOutcome | null {
  const h = parsed.headers;
  if (h.has('x-amtsdesk-ticket') || (parsed.messageId && ownMessageIdTag(config, parsed.messageId)))
    return 'ownMail';
  const contentType = headerText(h.get('content-type')).toLowerCase();
  const reportType = (h.get('content-type') as { params?: Record<string, string> } | undefined)?.params?.[
    'report-type'
  ];
  if (
    (contentType.includes('multipart/report') &&
      (reportType ?? '').toLowerCase().match(/delivery-status|disposition-notification/)) ||
    h.has('x-failed-recipients')
  )
    return 'bounce';
  const autoSubmitted = headerText(h.get('auto-submitted')).trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return 'autoReply';
  if (h.has('x-autoreply') || h.has('x-autorespond') || h.get('x-auto-response-suppress') === 'All')
    return 'autoReply';
  const precedence = headerText(h.get('precedence')).trim().toLowerCase();
  if (['bulk', 'list', 'junk', 'auto_reply'].includes(precedence)) return 'bulk';
  if (h.has('list-id') || h.has('list-unsubscribe')) return 'bulk';
  if (!sender || NO_REPLY_SENDER.test(sender)) return sender ? 'noReplySender' : 'bounce';
  return null;
}

/** Text of the message for the ticket: the plain part, or the HTML part sanitised and converted. */
export function bodyText(parsed: ParsedMail): string {
  let text = parsed.text?.trim() ?? '';
  if (!text && typeof parsed.html === 'string' && parsed.html) {
    const clean = sanitizeHtml(parsed.html, {
      allowedTags: sanitizeHtml.defaults.allowedTags.concat(['img']),
      allowedAttributes: { a: ['href'], img: ['alt'] },
    });
    text = convert(clean, { wordwrap: false, selectors: [{ selector: 'img', format: 'skip' }] }).trim();
  }
  return text.replace(/\r\n/g, '\n').replaceAll('\u0000', '');
}

const QUOTE_MARKERS = [
  /^-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Originalnachricht)\s*-{2,}\s*$/im,
  /^(?:Von|From):\s.+\n(?:Gesendet|Sent|Date|Datum):\s/im,
  /^(?:Am|On)\s.{4,120}(?:schrieb|wrote)\s?.{0,120}:\s*$/im,
];

/**
 * A reply without the quoted history below it (the raw message keeps everything). Forwarded mail
 * (a new request) keeps its quote: there it is the request.
 */
export function withoutQuotedHistory(text: string): string {
  let cut = text.length;
  for (const marker of QUOTE_MARKERS) {
    const match = marker.exec(text);
    if (match && match.index > 0 && match.index < cut) cut = match.index;
  }
  const lines = text.slice(0, cut).split('\n');
  while (lines.length && /^\s*>/.test(lines[lines.length - 1] ?? '')) lines.pop();
  const result = lines.join('\n').trim();
  return result || text.trim();
}
