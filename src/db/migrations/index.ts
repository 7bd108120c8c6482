import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_core';
import * as m0002 from './0002_reference_data';
import * as m0003 from './0003_bench_indexes';
import * as m0004 from './0004_outbox_and_agenda_proposals';
import * as m0005 from './0005_mail_intake';
import * as m0006 from './0006_rulebook_budget';
import * as m0007 from './0007_committees';
import * as m0008 from './0008_staff_plan_assets';
import * as m0009 from './0009_appointments';
import * as m0010 from './0010_appointment_documents';
import * as m0011 from './0011_appointment_busy_index';
import * as m0012 from './0012_appointment_settings';
import * as m0013 from './0013_appointment_citizen_moves';
import * as m0014 from './0014_mail_authentication';
import * as m0015 from './0015_auth_hardening';
import * as m0016 from './0016_import_jobs';
import * as m0017 from './0017_appointment_email_limit_key';

// The explicit list of migrations, in order. Add new ones at the end; never edit a committed one.
export const migrations: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_reference_data': m0002,
  '0003_bench_indexes': m0003,
  '0004_outbox_and_agenda_proposals': m0004,
  '0005_mail_intake': m0005,
  '0006_rulebook_budget': m0006,
  '0007_committees': m0007,
  '0008_staff_plan_assets': m0008,
  '0009_appointments': m0009,
  '0010_appointment_documents': m0010,
  '0011_appointment_busy_index': m0011,
  '0012_appointment_settings': m0012,
  '0013_appointment_citizen_moves': m0013,
  '0014_mail_authentication': m0014,
  '0015_auth_hardening': m0015,
  '0016_import_jobs': m0016,
  '0017_appointment_email_limit_key': m0017,
};
