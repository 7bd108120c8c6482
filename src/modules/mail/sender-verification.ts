import { BlockList, isIP } from 'node:net';
import type { Config } from '../../config';
import type { SenderVerification } from './tables';

// Pure rules: may an inbound message speak for the person its From header names? (decision 0009)
// Anyone can write any From header, and any Authentication-Results header too. What counts:
//  1. the delivery was authenticated with SMTP AUTH (the relay's service account vouches for it);
//  2. a trusted relay (MAIL_TRUSTED_RELAYS; for IMAP the mailbox behind the relay) wrote the
//     topmost Authentication-Results header with our MAIL_AUTHSERV_ID, and it says dmarc=pass for
//     the From domain, or dkim=pass / spf=pass for a domain aligned with it.
// Everything else is unverified: it may act with requester rights only, and not at all when the
// From domain differs from the envelope sender's domain.

export const VERIFIED: readonly SenderVerification[] = ['smtpAuth', 'relayDmarc', 'relayDkim', 'relaySpf'];

export interface SenderFacts {
  channel: 'smtp' | 'imap';
  remoteAddress: string | null;
  smtpAuthUser: string | null;
  /** SMTP: MAIL FROM; IMAP: the Return-Path the delivering server wrote */
  envelopeFrom: string | null;
  /** the address in the From header */
  headerFrom: string | null;
  /** every Authentication-Results header value, topmost first */
  authenticationResults: string[];
}

type VerificationConfig = Pick<Config, 'mailTrustedRelays' | 'mailAuthservId'>;

export function verifySender(
  facts: SenderFacts,
  config: VerificationConfig,
): { verified: boolean; verification: SenderVerification } {
  const verdict = (verification: SenderVerification) => ({
    verified: VERIFIED.includes(verification),
    verification,
  });
  if (facts.channel === 'smtp' && facts.smtpAuthUser) return verdict('smtpAuth');
  const fromDomain = domainOf(facts.headerFrom);
  if (fromDomain && config.mailAuthservId && fromTrustedRelay(facts, config.mailTrustedRelays)) {
    const relayed = relayVerdict(facts.authenticationResults, config.mailAuthservId, fromDomain);
    if (relayed) return verdict(relayed);
  }
  const envelopeDomain = domainOf(facts.envelopeFrom);
  // an IMAP mailbox without Return-Path gives nothing to compare: unverified, requester rights
  if (!envelopeDomain && facts.channel === 'imap') return verdict('unverified');
  if (!fromDomain || !envelopeDomain || !aligned(fromDomain, envelopeDomain))
    return verdict('domainMismatch');
  return verdict('unverified');
}

function fromTrustedRelay(facts: SenderFacts, relays: string[]): boolean {
  if (facts.channel === 'imap') return true; // the mailbox is delivered to by the relay
  if (!facts.remoteAddress) return false;
  const address = facts.remoteAddress.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  const family = isIP(address);
  if (!family) return false;
  return trustedRelays(relays).check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const blockLists = new Map<string, BlockList>();

function trustedRelays(relays: string[]): BlockList {
  const key = relays.join(',');
  let list = blockLists.get(key);
  if (!list) {
    list = new BlockList();
    for (const entry of relays) {
      const [address, prefix] = entry.split('/');
      const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
      if (prefix === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(prefix), type);
    }
    blockLists.set(key, list);
  }
  return list;
}

/** The verdict of the relay's own (topmost) Authentication-Results header, or null. */
function relayVerdict(headers: string[], authservId: string, fromDomain: string): SenderVerification | null {
  // the relay prepends its header: the topmost one with its id is its own; those below (and all
  // with another id) may have been written by anyone and are ignored
  const own = headers.map(parseAuthenticationResults).find((r) => r?.authservId === authservId);
  if (!own) return null;
  const passed = (method: string) => own.results.filter((r) => r.method === method && r.result === 'pass');
  if (passed('dmarc').some((r) => domainOf(r.props['header.from']) === fromDomain)) return 'relayDmarc';
  if (
    passed('dkim').some((r) => {
      const d = domainOf(r.props['header.d'] ?? r.props['header.i']);
      return d !== null && aligned(fromDomain, d);
    })
  )
    return 'relayDkim';
  if (
    passed('spf').some((r) => {
      const d = domainOf(r.props['smtp.mailfrom']);
      return d !== null && aligned(fromDomain, d);
    })
  )
    return 'relaySpf';
  return null;
}

export interface AuthenticationResults {
  authservId: string;
  results: { method: string; result: string; props: Record<string, string> }[];
}

/** RFC 8601: `authserv-id [version]; method=result ptype.property=value …; …` (comments dropped). */
export function parseAuthenticationResults(value: string): AuthenticationResults | null {
  const parts = splitOutsideQuotes(withoutComments(value.replace(/\r?\n[ \t]+/g, ' ')), ';');
  const authservId = unquote(parts[0]?.trim().split(/\s+/)[0] ?? '').toLowerCase();
  if (!authservId || authservId.includes('=')) return null;
  const results: AuthenticationResults['results'] = [];
  for (const part of parts.slice(1)) {
    const tokens = splitOutsideQuotes(part.trim(), ' ').filter(Boolean);
    const [method, result] = (tokens[0] ?? '').split('=');
    if (!method || !result) continue;
    const props: Record<string, string> = {};
    for (const token of tokens.slice(1)) {
      const eq = token.indexOf('=');
      if (eq > 0) props[token.slice(0, eq).toLowerCase()] = unquote(token.slice(eq + 1));
    }
    results.push({
      method: method.split('/')[0].toLowerCase(),
      result: result.toLowerCase(),
      props,
    });
  }
  return { authservId, results };
}

function withoutComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && (quoted || depth > 0)) {
      if (!depth) out += c + (value[i + 1] ?? '');
      i++;
    } else if (quoted) {
      out += c;
      if (c === '"') quoted = false;
    } else if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0) {
      if (c === '"') quoted = true;
      out += c;
    }
  }
  return out;
}

function splitOutsideQuotes(value: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of value) {
    if (c === '"') quoted = !quoted;
    if (!quoted && (c === separator || (separator === ' ' && /\s/.test(c)))) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

const unquote = (value: string) => value.replace(/^"(.*)"$/, '$1');

/** `Name <a@b.example>`, `a@b.example`, `@b.example` or `b.example` → `b.example` */
export function domainOf(value: string | null | undefined): string | null {
  if (!value) return null;
  const address = (/<([^<>]*)>/.exec(value)?.[1] ?? value).trim();
  const domain = (address.includes('@') ? address.slice(address.lastIndexOf('@') + 1) : address)
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(domain) ? domain : null;
}

/**
 * Relaxed alignment without a public suffix list: the same domain, or one a subdomain of the other
 * (mail.musterstadt.example ~ musterstadt.example). Sibling subdomains do not align here — stricter
 * than DMARC, never looser.
 */
export function aligned(a: string, b: string): boolean {
  if (a === b) return true;
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  return shorter.includes('.') && longer.endsWith(`.${shorter}`);
}
