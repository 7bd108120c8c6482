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
