import type { Generated } from 'kysely';
import type { Id, Timestamp } from '../../db/schema';

export type OutboundMailState = 'pending' | 'sending' | 'sent' | 'failed';

export interface OutboundMailAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
  /** for text/calendar parts: the iTIP method (REQUEST, CANCEL) */
  method?: string;
}

export interface OutboundMailTable {
  id: Id;
  created_at: Generated<Date>;
  kind: string;
  message_id: string;
  from_address: string;
  to_addresses: string[];
  cc_addresses: Generated<string[]>;
  reply_to: string | null;
  subject: string;
  text_body: string;
  html_body: string | null;
  headers: Generated<Record<string, string>>;
  attachments: Generated<OutboundMailAttachment[]>;
  ticket_id: number | null;
  state: Generated<OutboundMailState>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  sent_at: Date | null;
}

export interface OutboxTables {
  outbound_mail: OutboundMailTable;
}

/** The verdict on an inbound message's sender identity (see sender-verification.ts). */
export type SenderVerification =
  | 'smtpAuth'
  | 'relayDmarc'
  | 'relayDkim'
  | 'relaySpf'
  | 'unverified'
  | 'domainMismatch';

export type InboundMailState = 'received' | 'processing' | 'processed' | 'failed' | 'ignored';

export interface MailIntakeAddressesTable {
  id: Id;
  address: string;
  topic_id: number | null;
  unknown_senders: Generated<'createContact' | 'refuse'>;
  reopen_days: Generated<number>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface InboundMailTable {
  id: Id;
  received_at: Generated<Date>;
  channel: 'smtp' | 'imap';
  remote_address: string | null;
  envelope_from: string | null;
  envelope_to: Generated<string[]>;
  intake_address_id: number | null;
  message_id: string | null;
  content_sha256: string;
  raw: Buffer;
  size_bytes: number;
  from_address: string | null;
  subject: string | null;
  state: Generated<InboundMailState>;
  outcome: string | null;
  attempts: Generated<number>;
  claim_token: string | null;
  lease_until: Date | null;
  error: string | null;
  notes: Generated<string>;
  ticket_id: number | null;
  article_id: number | null;
  related_ticket_id: number | null;
  processed_at: Date | null;
  /** the user that authenticated the SMTP delivery (SMTP_AUTH) */
  smtp_auth_user: Generated<string | null>;
  sender_verified: Generated<boolean | null>;
  sender_verification: Generated<SenderVerification | null>;
}

export interface MailImapStateTable {
  mailbox: string;
  uid_validity: number;
  last_uid: Generated<number>;
  updated_at: Generated<Date>;
}

export interface TicketDueRemindersTable {
  ticket_id: number;
  due_at: Date;
  assignee_id: number;
  sent_at: Generated<Date>;
}

export interface MailTables {
  ticket_due_reminders: TicketDueRemindersTable;
  mail_intake_addresses: MailIntakeAddressesTable;
  inbound_mail: InboundMailTable;
  mail_imap_state: MailImapStateTable;
}
