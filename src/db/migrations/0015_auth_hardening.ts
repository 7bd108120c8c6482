import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit after commit, add a new migration instead.
// Issue 17 (hardening of sign-in and API tokens), decision record 0010.
//
// sign_in_throttle: one counter row per key, reserved before the password is checked
// ('pair:<login>\n<address>', 'login:<login>', 'address:<address>'; login lower-cased). failures counts
// failed and in-flight attempts since the row was last quiet for the window; blocked_until NULL with
// failures at the limit means "an attempt at the limit is in flight". succeeded_at marks an address
// from which the login signed in (such a pair is exempt from the per-login and per-address caps).
// The old append-only login_attempts log was only read by the throttle and is dropped.
//
// api_tokens: scopes (explicit list, never empty) and an expiry that is always set. Tokens made before
// this migration had all of their owner's rights: they keep every scope but expire in 90 days.
//
// persons: switching a person to inactive revokes their API tokens and ends their sessions in the
// same transaction, whichever path (SQL by an operator, a later admin screen, an import) does it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE sign_in_throttle (
  key text PRIMARY KEY CHECK (length(key) <= 400),
  failures int NOT NULL DEFAULT 0 CHECK (failures >= 0),
  last_attempt_at timestamptz NOT NULL DEFAULT now(),
  blocked_until timestamptz,
  succeeded_at timestamptz
);
CREATE INDEX sign_in_throttle_quiet_idx ON sign_in_throttle (greatest(last_attempt_at, blocked_until));

DROP TABLE login_attempts;

ALTER TABLE api_tokens ADD COLUMN scopes text[];
UPDATE api_tokens SET scopes = ARRAY[
  'tickets:read', 'tickets:write', 'appointments:read', 'appointments:write',
  'committees:read', 'committees:write', 'budget:read', 'budget:write',
  'assets:read', 'assets:write', 'admin:read', 'admin:write'];
UPDATE api_tokens SET expires_at = now() + interval '90 days' WHERE expires_at IS NULL;
ALTER TABLE api_tokens
  ALTER COLUMN scopes SET NOT NULL,
  ADD CONSTRAINT api_tokens_scopes_check CHECK (cardinality(scopes) BETWEEN 1 AND 20),
  ALTER COLUMN expires_at SET NOT NULL;

CREATE FUNCTION revoke_access_of_inactive_person() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE api_tokens SET revoked_at = now() WHERE person_id = NEW.id AND revoked_at IS NULL;
  DELETE FROM sessions WHERE person_id = NEW.id;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER persons_revoke_access_when_inactive
  AFTER UPDATE OF active ON persons
  FOR EACH ROW WHEN (OLD.active AND NOT NEW.active)
  EXECUTE FUNCTION revoke_access_of_inactive_person();
`.execute(db);
}
