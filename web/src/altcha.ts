import type { AltchaChallenge } from './api';

/**
 * Solves an ALTCHA v1 challenge in the browser with Web Crypto: find n with
 * SHA-256(salt + n) = challenge. Batches of hashes run in parallel; the page stays responsive
 * because each batch awaits. Returns the base64 JSON payload the server expects.
 */
export async function solveAltcha(challenge: AltchaChallenge, signal?: AbortSignal): Promise<string> {
  const encoder = new TextEncoder();
  const target = challenge.challenge.toLowerCase();
  const hex = (buffer: ArrayBuffer) =>
    Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
  const batch = 500;
  for (let start = 0; start <= challenge.maxnumber; start += batch) {
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const numbers = Array.from(
      { length: Math.min(batch, challenge.maxnumber - start + 1) },
      (_, i) => start + i,
    );
    const hashes = await Promise.all(
      numbers.map((n) => crypto.subtle.digest('SHA-256', encoder.encode(challenge.salt + n))),
    );
    const found = hashes.findIndex((h) => hex(h) === target);
    if (found >= 0) {
      const payload = {
        algorithm: challenge.algorithm,
        challenge: challenge.challenge,
        number: numbers[found],
        salt: challenge.salt,
        signature: challenge.signature,
      };
      return btoa(JSON.stringify(payload));
    }
  }
  throw new Error('ALTCHA challenge could not be solved');
}
