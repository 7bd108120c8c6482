import fs from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';

/** Reads ./.env (if present) into process.env for the entry points; variables already set win. */
export function loadDotEnv(file = '.env') {
  if (fs.existsSync(file)) process.loadEnvFile(file);
}

// All configuration comes from environment variables; defaults are documented in .env.example.
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  publicUrl: string;
  cookieSecure: boolean;
  /** behind a reverse proxy: request.ip (sign-in throttle, booking limits) from X-Forwarded-For */
  trustProxy: boolean;
  sessionTtlHours: number;
  attachmentMaxBytes: number;
  bodyLimitBytes: number;
  land: string;
  businessHours: string;
  loadDemoData: boolean;
  logLevel: string;
  jobs: boolean;
  /** outbound SMTP, e.g. smtp://user:pass@mail.example:587; null keeps mail in the outbox */
  smtpUrl: string | null;
  /** sender of all automatic mail */
  mailFrom: string;
  /** how often each instance looks for due mail in the outbox */
  outboxPollMs: number;
  // mail intake (modules/mail)
  /** built-in SMTP receiver for the intake addresses; SMTP_RECEIVER=false turns it off */
  smtpReceiver: boolean;
  smtpPort: number;
  /** largest message the receiver accepts (SMTP 552 above) */
  mailMaxBytes: number;
  /** messages per minute per sending host other than loopback (0 = no limit) */
  smtpRatePerMinute: number;
  /** optional STARTTLS (PEM files) and AUTH ("user:password") for the receiver */
  smtpTlsKeyFile: string | null;
  smtpTlsCertFile: string | null;
  smtpAuth: string | null;
  /**
   * the municipal mail relay(s) in front of the receiver (IPs or CIDRs): only their
   * Authentication-Results header, with MAIL_AUTHSERV_ID, can vouch for a sender (decision 0009)
   */
  mailTrustedRelays: string[];
  /** the authserv-id the relay writes into Authentication-Results (also read for IMAP mail) */
  mailAuthservId: string | null;
  /** messages per hour from one sender address that become tickets; more are logged only (0 = no limit) */
  mailSenderLimitPerHour: number;
  /** signs our Message-IDs so replies and loops are recognised */
  mailSecret: string;
  mailPollMs: number;
  /** how long a worker may hold an inbound message before another one takes it over */
  mailLeaseSeconds: number;
  /** seconds an import run stays claimed without progress before another worker (or a restart) resumes it */
  importLeaseSeconds: number;
  /** IMAP collector, e.g. imap://user:pass@127.0.0.1:143/INBOX; null = off */
  imapUrl: string | null;
  /** the intake address the IMAP mailbox stands for */
  imapIntake: string | null;
  imapPollMs: number;
  /** working days within which IT answers a project pre-announcement with its routing decision */
  preAnnouncementAnswerDays: number;
}

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`Environment variable ${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

function bool(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(raw.toLowerCase());
}

/** Public (it is in this repository): fine on a laptop, never in production. */
export const DEFAULT_MAIL_SECRET = 'amtsdesk-development-mail-secret';

function list(name: string, check: (entry: string) => boolean): string[] {
  const entries = (process.env[name] ?? '')
    .split(/[\s,]+/)
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.find((e) => !check(e));
  if (bad !== undefined) throw new Error(`Environment variable ${name} has an invalid entry "${bad}"`);
  return entries;
}

/** an IP address or CIDR block (10.1.2.3, 10.1.2.0/24, 2001:db8::/32) */
export function relayEntry(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

export function loadConfig(overrides: Partial<Config> = {}): Config {
  const port = int('PORT', 3000);
  return {
    port,
    host: process.env.HOST || '127.0.0.1',
    dataDir: path.resolve(process.env.AMTSDESK_DATA || './data'),
    databaseUrl: process.env.DATABASE_URL || null,
    publicUrl: process.env.PUBLIC_URL || `http://localhost:${port}`,
    cookieSecure: bool('COOKIE_SECURE', false),
    trustProxy: bool('TRUST_PROXY', false),
    sessionTtlHours: int('SESSION_TTL_HOURS', 12),
    attachmentMaxBytes: int('ATTACHMENT_MAX_BYTES', 10 * 1024 * 1024),
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 1024 * 1024),
    land: process.env.HOLIDAY_LAND || 'BW',
    businessHours: process.env.BUSINESS_HOURS || 'Mo-Do 07:30-16:00; Fr 07:30-12:30',
    loadDemoData: bool('AMTSDESK_DEMO', true),
    logLevel: process.env.LOG_LEVEL || 'info',
    jobs: bool('AMTSDESK_JOBS', true),
    smtpUrl: process.env.SMTP_URL || null,
    mailFrom: process.env.MAIL_FROM || 'IT-Service Musterstadt <it-support@amtsdesk.example>',
    outboxPollMs: int('OUTBOX_POLL_MS', 1000),
    smtpReceiver: bool('SMTP_RECEIVER', true),
    smtpPort: int('SMTP_PORT', 2525),
    mailMaxBytes: int('MAIL_MAX_BYTES', 25 * 1024 * 1024),
    smtpRatePerMinute: int('SMTP_RATE_PER_MINUTE', 600),
    smtpTlsKeyFile: process.env.SMTP_TLS_KEY || null,
    smtpTlsCertFile: process.env.SMTP_TLS_CERT || null,
    smtpAuth: process.env.SMTP_AUTH || null,
    mailTrustedRelays: list('MAIL_TRUSTED_RELAYS', relayEntry),
    mailAuthservId: process.env.MAIL_AUTHSERV_ID?.trim().toLowerCase() || null,
    mailSenderLimitPerHour: int('MAIL_SENDER_LIMIT_PER_HOUR', 120),
    mailSecret: process.env.MAIL_SECRET || DEFAULT_MAIL_SECRET,
    mailPollMs: int('MAIL_POLL_MS', 1000),
    mailLeaseSeconds: int('MAIL_LEASE_SECONDS', 120),
    importLeaseSeconds: int('IMPORT_LEASE_SECONDS', 60),
    imapUrl: process.env.IMAP_URL || null,
    imapIntake: process.env.IMAP_INTAKE || null,
    imapPollMs: int('IMAP_POLL_MS', 10_000),
    preAnnouncementAnswerDays: int('PRE_ANNOUNCEMENT_ANSWER_DAYS', 3),
    ...overrides,
  };
}

export class UnsafeConfigError extends Error {}

/**
 * Settings that are public defaults and must be replaced in production: a warning at every start,
 * a refusal to start when NODE_ENV=production. With the public MAIL_SECRET anyone can forge
 * Message-IDs that our loop protection and threading take for our own.
 */
export function checkConfigSafety(config: Config, env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  if (config.mailSecret === DEFAULT_MAIL_SECRET || config.mailSecret.length < 16)
    problems.push(
      'MAIL_SECRET is the public default (or shorter than 16 characters): set a random secret of your own, e.g. `openssl rand -hex 32`',
    );
  if (problems.length && env.NODE_ENV === 'production')
    throw new UnsafeConfigError(`refusing to start with NODE_ENV=production: ${problems.join('; ')}`);
  return problems;
}
