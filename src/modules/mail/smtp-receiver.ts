import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { Kysely } from 'kysely';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { Config } from '../../config';
import type { DB } from '../../db/schema';
import { findIntake, storeInboundMail } from './inbound-store';

type ReceiverConfig = Pick<
  Config,
  | 'host'
  | 'smtpPort'
  | 'mailMaxBytes'
  | 'smtpRatePerMinute'
  | 'smtpTlsKeyFile'
  | 'smtpTlsCertFile'
  | 'smtpAuth'
>;

export interface SmtpReceiver {
  port: number;
  close(): Promise<void>;
}

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * Messages per minute per sending host, counted in this process (a throttle, not state that
 * matters). A relay on the same machine (loopback) is trusted unless `limitLoopback` is set.
 */
function hostLimiter(perMinute: number, limitLoopback: boolean) {
  const seen = new Map<string, number[]>();
  return (host: string): boolean => {
    if (perMinute <= 0 || (!limitLoopback && LOOPBACK.test(host))) return true;
    const now = Date.now();
    const recent = (seen.get(host) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= perMinute) {
      seen.set(host, recent);
      return false;
    }
    recent.push(now);
    seen.set(host, recent);
    if (seen.size > 10_000) seen.clear();
    return true;
  };
}

/**
 * The built-in SMTP receiver for the intake addresses. RCPT TO an unknown address → 550; a message
 * over the size limit → 552; "250" only after the raw message is committed (a database failure
 * answers 451, so the relay keeps the message and tries again).
 */
export async function startSmtpReceiver(
  db: Kysely<DB>,
  config: ReceiverConfig,
  options: {
    onStored?(id: number): void;
    log?: { warn(obj: object, msg: string): void };
    /** tests: apply the per-host limit to loopback senders too */
    limitLoopback?: boolean;
  } = {},
): Promise<SmtpReceiver> {
  const allow = hostLimiter(config.smtpRatePerMinute, options.limitLoopback ?? false);
  const tls =
    config.smtpTlsKeyFile && config.smtpTlsCertFile
      ? { key: fs.readFileSync(config.smtpTlsKeyFile), cert: fs.readFileSync(config.smtpTlsCertFile) }
      : null;
  const [authUser, ...authRest] = (config.smtpAuth ?? '').split(':');
  const authPassword = authRest.join(':');
  const serverOptions: SMTPServerOptions = {
    name: os.hostname(),
    banner: 'amtsdesk mail intake',
    closeTimeout: 1000,
    size: config.mailMaxBytes,
    logger: false,
    disabledCommands: [...(tls ? [] : ['STARTTLS']), ...(config.smtpAuth ? [] : ['AUTH'])],
    authOptional: !config.smtpAuth,
    allowInsecureAuth: true,
    ...(tls ?? {}),
    onAuth(auth, _session, callback) {
      if (config.smtpAuth && auth.username === authUser && auth.password === authPassword)
        return callback(null, { user: auth.username });
      callback(smtpError(535, 'Authentication failed'));
    },
    onMailFrom(_address, session, callback) {
      if (!allow(session.remoteAddress)) {
        return callback(smtpError(450, 'Too many messages from your host, please try again later'));
      }
      callback();
    },
    onRcptTo(address, _session, callback) {
      findIntake(db, address.address).then(
        (intake) =>
          intake ? callback() : callback(smtpError(550, `No such intake address here: ${address.address}`)),
        () => callback(smtpError(451, 'Temporary failure, please try again later')),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (!stream.sizeExceeded) chunks.push(chunk);
      });
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          return callback(
            smtpError(
              552,
              `Message too large: the limit is ${config.mailMaxBytes} bytes (SIZE ${config.mailMaxBytes})`,
            ),
          );
        }
        const rcpts = session.envelope.rcptTo.map((r) => r.address);
        const raw = Buffer.concat(chunks);
        void (async () => {
          try {
            const intake = await findIntake(db, rcpts[0] ?? '');
            const stored = await storeInboundMail(db, {
              channel: 'smtp',
              raw,
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              envelopeTo: rcpts,
              remoteAddress: session.remoteAddress,
              // vouches for the sender identity (decision 0009); set only after a successful AUTH
              smtpAuthUser: typeof session.user === 'string' && session.user ? session.user : null,
              intakeAddressId: intake?.id ?? null,
            });
            if (stored.id !== null) options.onStored?.(stored.id);
            callback(null, stored.duplicate ? 'OK: already received' : `OK: queued as ${stored.id}`);
          } catch (error) {
            options.log?.warn({ err: error }, 'inbound mail could not be stored');
            callback(smtpError(451, 'Temporary failure storing the message, please try again later'));
          }
        })();
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  server.on('error', (error) => options.log?.warn({ err: error }, 'SMTP receiver error'));
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once('error', onError);
    server.listen(config.smtpPort, config.host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
