import { randomInt } from 'node:crypto';
import { UsageError } from './usage';

export const MIN_PASSWORD_LENGTH = 10;

// no 0/O, 1/l/I: a generated password is often read out or typed from paper
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 20 characters in groups of five, about 115 bits. */
export function generatePassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
  );
  return groups.join('-');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The password to set: --password, the first line of stdin with --password-stdin (keeps it out of
 * the process list and the shell history), or a generated one that the caller prints.
 */
export async function choosePassword(
  values: { password?: string; 'password-stdin'?: boolean },
  usage: string,
): Promise<{ password: string; generated: boolean }> {
  if (values.password !== undefined && values['password-stdin'])
    throw new UsageError('Entweder --password oder --password-stdin angeben, nicht beides.', usage);
  const given = values['password-stdin'] ? (await readStdin()).split(/\r?\n/)[0] : values.password;
  if (given === undefined) return { password: generatePassword(), generated: true };
  if (given.length < MIN_PASSWORD_LENGTH)
    throw new UsageError(
      `Das Passwort muss mindestens ${MIN_PASSWORD_LENGTH} Zeichen lang sein (password too short).`,
      usage,
    );
  return { password: given, generated: false };
}
