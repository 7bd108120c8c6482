import type { ColumnType, Generated } from 'kysely';
import type { Id, Timestamp } from '../../db/schema';

export const consultationModes = ['inPerson', 'phone', 'video'] as const;
export type ConsultationMode = (typeof consultationModes)[number];
export const appointmentStatuses = ['held', 'confirmed', 'cancelled', 'expired', 'done', 'noShow'] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];
export const absenceKinds = ['vacation', 'sickness', 'training', 'other'] as const;
export type AbsenceKind = (typeof absenceKinds)[number];

/** weekday "0".."6" (0 = Sunday) → windows [["08:00","12:00"], …] */
export type WeeklyHours = Record<string, Array<[string, string]>>;
type Json<T> = ColumnType<T, string, string>;
type DateColumn = ColumnType<string, string, string>;

export interface AppointmentOfficesTable {
  id: Id;
  org_unit_id: number | null;
  name: string;
  address: Generated<string>;
  directions: Generated<string>;
  map_url: string | null;
  opening_hours: Json<WeeklyHours>;
  video_url_template: string | null;
  phone_note: Generated<string>;
  slot_interval_minutes: Generated<number>;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface AppointmentOfficeClosuresTable {
  office_id: number;
  day: DateColumn;
  reason: Generated<string>;
}

export interface AppointmentServicesTable {
  id: Id;
  office_id: number;
  name_de: string;
  name_en: string;
  duration_minutes: number;
  documents_de: Generated<string>;
  documents_en: Generated<string>;
  modes: ColumnType<ConsultationMode[], ConsultationMode[], ConsultationMode[]>;
  lead_time_minutes: Generated<number>;
  horizon_days: Generated<number>;
  buffer_minutes: Generated<number>;
  position: Generated<number>;
  active: Generated<boolean>;
}

export interface AppointmentClerksTable {
  id: Id;
  office_id: number;
  person_id: number;
  letter_from: string | null;
  letter_to: string | null;
  schedule: Json<WeeklyHours>;
  deputy_clerk_id: number | null;
  active: Generated<boolean>;
}

export interface AppointmentServiceClerksTable {
  service_id: number;
  clerk_id: number;
}

export interface AppointmentAbsencesTable {
  id: Id;
  clerk_id: number;
  starts_at: Date;
  ends_at: Date;
  kind: AbsenceKind;
  source: 'import' | 'manual';
  created_by_id: number | null;
  created_at: Timestamp;
}

export interface AppointmentsTable {
  id: Id;
  booking_number: string;
  office_id: number;
  clerk_id: number;
  mode: ConsultationMode;
  starts_at: Date;
  ends_at: Date;
  blocked_until: Date;
  status: AppointmentStatus;
  hold_expires_at: Date;
  citizen_name: string;
  citizen_email: string | null;
  citizen_phone: string | null;
  locale: 'de' | 'en';
  confirm_token_hash: string | null;
  cancel_token_hash: string | null;
  video_room: string | null;
  ics_sequence: Generated<number>;
  flag: 'noDeputy' | null;
  cancelled_by: 'citizen' | 'clerk' | 'system' | null;
  created_at: Timestamp;
  confirmed_at: Date | null;
  cancelled_at: Date | null;
  reminder_sent_at: Date | null;
  anonymised_at: Date | null;
  /** 0013: how often the citizen moved it (at most MAX_CITIZEN_MOVES) */
  citizen_moves: Generated<number>;
}

export interface AppointmentItemsTable {
  appointment_id: number;
  service_id: number;
}

export interface AppointmentChallengesUsedTable {
  challenge: string;
  expires_at: Date;
}

export interface AppointmentHoldAttemptsTable {
  id: Id;
  ip: string;
  email: string;
  held: Generated<boolean>;
  refused: Generated<boolean>;
  created_at: Timestamp;
}

export interface AppointmentSettingsTable {
  id: number;
  hmac_key: string;
  hold_minutes: Generated<number>;
  retention_days: Generated<number>;
  max_open_per_email: Generated<number>;
  holds_per_ip_per_hour: Generated<number>;
  holds_per_email_per_hour: Generated<number>;
  cancelled_slot_block_minutes: Generated<number>;
  altcha_max_number: Generated<number>;
  /** optimistic concurrency of the admin settings form (migration 0012) */
  version: Generated<number>;
  // 0010: limits of the citizen's document upload
  document_max_bytes: Generated<number>;
  documents_max_count: Generated<number>;
  documents_max_total_bytes: Generated<number>;
}

/** 0010: a document the citizen uploaded before the appointment (clerk and admins only). */
export interface AppointmentDocumentsTable {
  id: Id;
  appointment_id: number;
  filename: string;
  content_type: 'application/pdf' | 'image/jpeg' | 'image/png';
  size_bytes: number;
  sha256: string;
  content: Buffer;
  created_at: Timestamp;
}

/**
 * 0013: a range a citizen's move vacated; busy in the free-slot search while released_at is within
 * cancelled_slot_block_minutes (like a cancelled slot), deleted by the retention job.
 */
export interface AppointmentReleasedRangesTable {
  id: Id;
  appointment_id: number;
  clerk_id: number;
  starts_at: Date;
  blocked_until: Date;
  released_at: Date;
}

export interface AppointmentTables {
  appointment_offices: AppointmentOfficesTable;
  appointment_office_closures: AppointmentOfficeClosuresTable;
  appointment_services: AppointmentServicesTable;
  appointment_clerks: AppointmentClerksTable;
  appointment_service_clerks: AppointmentServiceClerksTable;
  appointment_absences: AppointmentAbsencesTable;
  appointments: AppointmentsTable;
  appointment_items: AppointmentItemsTable;
  appointment_challenges_used: AppointmentChallengesUsedTable;
  appointment_hold_attempts: AppointmentHoldAttemptsTable;
  appointment_settings: AppointmentSettingsTable;
  appointment_documents: AppointmentDocumentsTable;
  appointment_released_ranges: AppointmentReleasedRangesTable;
}
