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
 * The same key in SQL for a stored address, written out exactly as the expression index of migration
 * 0017 has it (a literal, not a parameter: only then can the planner use the index).
 */
export const EMAIL_LIMIT_KEY_SQL = "regexp_replace(lower(citizen_email), '\\+[^@]*(@[^@]*)$', '\\1')";
