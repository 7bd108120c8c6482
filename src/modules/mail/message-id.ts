import { createHmac, randomBytes } from 'node:crypto';
import type { Config } from '../../config';
import { safeEqual } from '../../shared/tokens';
import { mailDomain } from './outbox';

export type IdConfig = Pick<Config, 'mailFrom'> & Partial<Pick<Config, 'mailSecret'>>;

const DEFAULT_SECRET = 'amtsdesk-development-mail-secret';

const sign = (secret: string, value: string) =>
  createHmac('sha256', secret).update(value).digest('base64url').slice(0, 16);

/**
 * `<ad.{tag}.{random}.{hmac}@{domain}>`: the tag (a ticket number, or "mail") tells which ticket a
 * reply belongs to even when the outbox row is gone, the HMAC proves the id is ours (loop detection,
 * and nobody can thread into a ticket by forging an id).
 */
export function signedMessageId(config: IdConfig, tag = 'mail'): string {
  const safeTag = tag.replace(/[^A-Za-z0-9-]/g, '') || 'mail';
  const random = randomBytes(9).toString('base64url');
  const secret = config.mailSecret ?? DEFAULT_SECRET;
  return `<ad.${safeTag}.${random}.${sign(secret, `${safeTag}.${random}`)}@${mailDomain(config)}>`;
}

/** The tag of one of our own Message-IDs, or null when the id was not made (signed) by us. */
export function ownMessageIdTag(config: Pick<Config, 'mailSecret'>, messageId: string): string | null {
  const match = /^<?ad\.([A-Za-z0-9-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{16})@[^>]+>?$/.exec(
    messageId.trim(),
  );
  if (!match) return null;
  const [, tag, random, signature] = match;
  return safeEqual(sign(config.mailSecret, `${tag}.${random}`), signature) ? tag : null;
}
