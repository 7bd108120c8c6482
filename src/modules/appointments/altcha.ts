/**
 * ALTCHA v1 proof of work, self-hosted (no third party): the server hands out
 * challenge = SHA-256(salt + secretNumber) with an HMAC signature; the browser finds the number by
 * brute force (at most `maxnumber` hashes) and sends it back as base64 JSON. Verifying costs two
 * hashes. The salt carries its expiry (`?expires=<unix seconds>`) like altcha-lib does, so the
 * signature covers it; a used challenge is stored until it expires, so a solution works once.
 */
import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { safeEqual } from '../../shared/tokens';

export const ALTCHA_ALGORITHM = 'SHA-256';
export const CHALLENGE_TTL_SECONDS = 20 * 60;

export interface AltchaChallenge {
  algorithm: typeof ALTCHA_ALGORITHM;
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

export interface AltchaSolution {
  algorithm: string;
  challenge: string;
  number: number;
  salt: string;
  signature: string;
}

const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');
const hmacHex = (key: string, value: string) => createHmac('sha256', key).update(value).digest('hex');

/**
 * `secretNumber` is for load generators only: a benchmark that signs its own challenges knows the
 * answer instead of spending maxnumber/2 hashes per client on a shared machine; the server's work is
 * the same.
 */
export function createChallenge(
  hmacKey: string,
  maxNumber: number,
  now = new Date(),
  secretNumber = randomInt(0, maxNumber + 1),
): AltchaChallenge {
  const expires = Math.floor(now.getTime() / 1000) + CHALLENGE_TTL_SECONDS;
  const salt = `${randomBytes(12).toString('hex')}?expires=${expires}`;
  const number = secretNumber;
  const challenge = sha256Hex(salt + number);
  return {
    algorithm: ALTCHA_ALGORITHM,
    challenge,
    maxnumber: maxNumber,
    salt,
    signature: hmacHex(hmacKey, challenge),
  };
}

/** Brute force as the browser does it (tests and benchmarks). */
export function solveChallenge(c: Pick<AltchaChallenge, 'challenge' | 'salt' | 'maxnumber'>): number | null {
  for (let n = 0; n <= c.maxnumber; n++) if (sha256Hex(c.salt + n) === c.challenge) return n;
  return null;
}

export function encodeSolution(c: AltchaChallenge, number: number): string {
  const payload: AltchaSolution = {
    algorithm: c.algorithm,
    challenge: c.challenge,
    number,
    salt: c.salt,
    signature: c.signature,
  };
  return Buffer.from(JSON.stringify(payload)).toString('base64');
}

export type AltchaCheck =
  | { ok: true; challenge: string; expiresAt: Date }
  | { ok: false; reason: 'malformed' | 'algorithm' | 'signature' | 'wrongNumber' | 'expired' };

/** Checks a base64 JSON solution; the caller records the challenge as used (replay). */
export function verifySolution(hmacKey: string, encoded: string, now = new Date()): AltchaCheck {
  let payload: AltchaSolution;
  try {
    payload = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (
    !payload ||
    typeof payload !== 'object' ||
    typeof payload.challenge !== 'string' ||
    typeof payload.salt !== 'string' ||
    typeof payload.signature !== 'string' ||
    !Number.isInteger(payload.number) ||
    payload.number < 0
  )
    return { ok: false, reason: 'malformed' };
  if (payload.algorithm !== ALTCHA_ALGORITHM) return { ok: false, reason: 'algorithm' };
  if (!safeEqual(hmacHex(hmacKey, payload.challenge), payload.signature))
    return { ok: false, reason: 'signature' };
  if (!safeEqual(sha256Hex(payload.salt + payload.number), payload.challenge))
    return { ok: false, reason: 'wrongNumber' };
  const expires = Number(/[?&]expires=(\d+)/.exec(payload.salt)?.[1]);
  if (!Number.isFinite(expires) || expires * 1000 < now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, challenge: payload.challenge, expiresAt: new Date(expires * 1000) };
}
