/**
 * The address the per-e-mail limits count by: lower case, and a `+tag` of the local part dropped, so
 * `name+1@example.org`, `Name+2@example.org` and `name@example.org` share one quota (issue 17:
 * plus-addresses got round the hold limit). Only for counting — the appointment keeps the address
 * as the citizen typed it.
 */
export function emailLimitKey(email: string): string {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  const local = address.slice(0, at);
  const plus = local.indexOf('+');
  return `${plus < 0 ? local : local.slice(0, plus)}${address.slice(at)}`;
}

/**
 * The same key in SQL for a stored address (`regexp_replace(lower(col), EMAIL_TAG_PATTERN, '\1')`):
 * from the first `+` of the local part up to the last `@`.
 */
export const EMAIL_TAG_PATTERN = '\\+[^@]*(@[^@]*)$';
