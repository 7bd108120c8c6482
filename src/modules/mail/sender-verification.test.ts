import { describe, expect, it } from 'vitest';
import {
  aligned,
  domainOf,
  parseAuthenticationResults,
  type SenderFacts,
  verifySender,
} from './sender-verification';

const config = {
  mailTrustedRelays: ['10.20.30.0/24', '2001:db8::1'],
  mailAuthservId: 'relay.musterstadt.example',
};
const base: SenderFacts = {
  channel: 'smtp',
  remoteAddress: '198.51.100.7',
  smtpAuthUser: null,
  envelopeFrom: 'it-al@musterstadt.example',
  headerFrom: 'it-al@musterstadt.example',
  authenticationResults: [],
};
const ar = (results: string, id = 'relay.musterstadt.example') => `${id}; ${results}`;

describe('verifySender', () => {
  it.each<[string, Partial<SenderFacts>, string]>([
    ['SMTP AUTH vouches', { smtpAuthUser: 'relay', envelopeFrom: 'x@attacker.example' }, 'smtpAuth'],
    ['foreign envelope domain', { envelopeFrom: 'attacker@attacker.example' }, 'domainMismatch'],
    ['empty envelope over SMTP', { envelopeFrom: null }, 'domainMismatch'],
    ['same domain, nobody vouches', {}, 'unverified'],
    ['envelope on a subdomain', { envelopeFrom: 'bounce@mail.musterstadt.example' }, 'unverified'],
    ['envelope on the top-level domain only', { envelopeFrom: 'a@example' }, 'domainMismatch'],
    [
      'relay says dmarc=pass for the From domain',
      {
        remoteAddress: '10.20.30.5',
        authenticationResults: [ar('dmarc=pass header.from=musterstadt.example')],
      },
      'relayDmarc',
    ],
    [
      'IPv4-mapped relay address',
      {
        remoteAddress: '::ffff:10.20.30.5',
        authenticationResults: [ar('dmarc=pass header.from=musterstadt.example')],
      },
      'relayDmarc',
    ],
    [
      'IPv6 relay, folded header with comments and version',
      {
        remoteAddress: '2001:db8::1',
        authenticationResults: [
          'relay.musterstadt.example 1;\r\n\tspf=pass (sender SPF authorized) smtp.mailfrom=it-al@musterstadt.example',
        ],
      },
      'relaySpf',
    ],
    [
      'dmarc=pass for another domain',
      { remoteAddress: '10.20.30.5', authenticationResults: [ar('dmarc=pass header.from=attacker.example')] },
      'unverified',
    ],
    [
      'aligned dkim (parent domain)',
      {
        remoteAddress: '10.20.30.5',
        authenticationResults: [ar('dkim=pass header.d=musterstadt.example header.s=x')],
      },
      'relayDkim',
    ],
    [
      'dkim for a foreign domain',
      { remoteAddress: '10.20.30.5', authenticationResults: [ar('dkim=pass header.d=attacker.example')] },
      'unverified',
    ],
    [
      'spf pass for a foreign envelope domain',
      {
        remoteAddress: '10.20.30.5',
        envelopeFrom: 'x@attacker.example',
        authenticationResults: [ar('spf=pass smtp.mailfrom=x@attacker.example')],
      },
      'domainMismatch',
    ],
    [
      'untrusted host writes a pass',
      { authenticationResults: [ar('dmarc=pass header.from=musterstadt.example')] },
      'unverified',
    ],
    [
      'another authserv-id says pass',
      {
        remoteAddress: '10.20.30.5',
        authenticationResults: [ar('dmarc=pass header.from=musterstadt.example', 'mx.attacker.example')],
      },
      'unverified',
    ],
    [
      'only the topmost header of the relay counts',
      {
        remoteAddress: '10.20.30.5',
        authenticationResults: [
          ar('dmarc=fail header.from=musterstadt.example'),
          ar('dmarc=pass header.from=musterstadt.example'),
        ],
      },
      'unverified',
    ],
    [
      'a pass inside a comment is no pass',
      {
        remoteAddress: '10.20.30.5',
        authenticationResults: [ar('dmarc=none (dmarc=pass header.from=musterstadt.example)')],
      },
      'unverified',
    ],
    [
      'IMAP without Return-Path',
      { channel: 'imap', remoteAddress: 'imap.example', envelopeFrom: null },
      'unverified',
    ],
    [
      'IMAP: the mailbox behind the relay, relay verdict',
      {
        channel: 'imap',
        remoteAddress: 'imap.example',
        envelopeFrom: null,
        authenticationResults: [ar('dmarc=pass header.from=musterstadt.example')],
      },
      'relayDmarc',
    ],
    [
      'IMAP with a foreign Return-Path',
      { channel: 'imap', envelopeFrom: '<a@attacker.example>' },
      'domainMismatch',
    ],
  ])('%s', (_name, facts, expected) => {
    expect(verifySender({ ...base, ...facts }, config).verification).toBe(expected);
  });

  it('without MAIL_AUTHSERV_ID no header counts', () => {
    const facts = {
      ...base,
      remoteAddress: '10.20.30.5',
      authenticationResults: [ar('dmarc=pass header.from=musterstadt.example')],
    };
    expect(verifySender(facts, { ...config, mailAuthservId: null })).toEqual({
      verified: false,
      verification: 'unverified',
    });
    expect(verifySender(facts, config)).toEqual({ verified: true, verification: 'relayDmarc' });
  });
});

describe('parsing helpers', () => {
  it('reads methods, results and properties, quoted values too', () => {
    expect(
      parseAuthenticationResults(
        ' "relay.musterstadt.example"; dkim=pass header.d="musterstadt.example"; dmarc=pass (p=none) header.from=musterstadt.example',
      ),
    ).toEqual({
      authservId: 'relay.musterstadt.example',
      results: [
        { method: 'dkim', result: 'pass', props: { 'header.d': 'musterstadt.example' } },
        { method: 'dmarc', result: 'pass', props: { 'header.from': 'musterstadt.example' } },
      ],
    });
    // Exchange Online's header has no authserv-id: not ours
    expect(
      parseAuthenticationResults('spf=pass smtp.mailfrom=x.example; dmarc=pass header.from=x.example'),
    ).toBeNull();
  });

  it('domains and alignment', () => {
    expect(domainOf('IT <It-Al@Musterstadt.Example>')).toBe('musterstadt.example');
    expect(domainOf('<>')).toBeNull();
    expect(aligned('musterstadt.example', 'mail.musterstadt.example')).toBe(true);
    expect(aligned('a.musterstadt.example', 'b.musterstadt.example')).toBe(false);
    expect(aligned('musterstadt.example', 'example')).toBe(false);
    expect(aligned('xmusterstadt.example', 'musterstadt.example')).toBe(false);
  });
});
