import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit after commit, add a new migration instead.
// Mail authentication (decision record 0009): who authenticated an SMTP delivery, the verdict on
// the sender identity of every inbound message, and on articles that came by mail whether their
// sender was verified (NULL: not from mail — written in the portal or through the API).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE inbound_mail
  ADD COLUMN smtp_auth_user text,
  ADD COLUMN sender_verified boolean,
  -- smtpAuth, relayDmarc, relayDkim, relaySpf: verified; unverified: header-From and envelope
  -- domains agree, nothing vouches for them; domainMismatch: they disagree (refused)
  ADD COLUMN sender_verification text CHECK (sender_verification IN
    ('smtpAuth','relayDmarc','relayDkim','relaySpf','unverified','domainMismatch')),
  ADD CONSTRAINT inbound_mail_sender_verdict_check CHECK (
    (sender_verified IS NULL AND sender_verification IS NULL)
    OR sender_verified = (sender_verification IN ('smtpAuth','relayDmarc','relayDkim','relaySpf')));

ALTER TABLE articles ADD COLUMN sender_verified boolean;
`.execute(db);
}
