import type { AppContext } from '../context';
import { applyRetention } from '../modules/appointments/commands/apply-retention';
import { expireHolds } from '../modules/appointments/commands/expire-holds';
import { sendReminders } from '../modules/appointments/commands/send-reminders';
import { processImportRuns } from '../modules/assets/import/import-kinds';
import { IMPORT_QUEUE, releaseDeadLeases, sweepImportRuns } from '../modules/assets/import/import-runs';
import { sealAuditLog } from '../modules/audit/audit-log';
import { purgeSignInThrottle } from '../modules/auth/sign-in-throttle';
import { runCommitteeJobs } from '../modules/committees/jobs';
import { remindDueSoon } from '../modules/mail/remind-due-soon';
import { flagOverdueTickets } from '../modules/tickets/commands/flag-overdue-tickets';
import type { PgBoss } from './boss';

export const JOBS = {
  flagOverdue: 'tickets.flag-overdue',
  sealAudit: 'audit.seal',
  mailDueSoon: 'mail.due-soon',
  committees: 'committees.housekeeping',
  appointmentHolds: 'appointments.expire-holds',
  appointmentReminders: 'appointments.reminders',
  appointmentRetention: 'appointments.retention',
  signInThrottle: 'auth.purge-sign-in-throttle',
  importRuns: IMPORT_QUEUE,
  importSweep: 'imports.sweep',
} as const;

/**
 * Background jobs run through pg-boss: every instance may work them, pg-boss hands each job to
 * exactly one worker. Schedules are stored in the database, so they fire once per minute in total,
 * not once per instance.
 */
export async function registerJobs(ctx: AppContext, boss: PgBoss) {
  // an import of 100,000 rows may work for minutes; its own lease (import_runs) guards it
  for (const name of Object.values(JOBS))
    await boss.createQueue(name, name === JOBS.importRuns ? { expireInSeconds: 4 * 3600 } : {});
  await boss.work(JOBS.flagOverdue, async () => {
    await flagOverdueTickets(ctx);
  });
  await boss.work(JOBS.sealAudit, async () => {
    while ((await sealAuditLog(ctx.db)) > 0) {
      // seal in batches until nothing final is left
    }
  });
  await boss.work(JOBS.mailDueSoon, async () => {
    await remindDueSoon(ctx);
  });
  await boss.schedule(JOBS.flagOverdue, '* * * * *');
  await boss.schedule(JOBS.mailDueSoon, '*/5 * * * *');
  await boss.work(JOBS.appointmentHolds, async () => {
    await expireHolds(ctx);
  });
  await boss.work(JOBS.appointmentReminders, async () => {
    await sendReminders(ctx);
  });
  await boss.work(JOBS.appointmentRetention, async () => {
    await applyRetention(ctx);
  });
  await boss.schedule(JOBS.appointmentHolds, '* * * * *');
  // reminders hourly from the morning on (idempotent), retention nightly
  await boss.schedule(JOBS.appointmentReminders, '5 * * * *', null, { tz: 'Europe/Berlin' });
  await boss.schedule(JOBS.appointmentRetention, '30 2 * * *', null, { tz: 'Europe/Berlin' });
  await boss.schedule(JOBS.sealAudit, '* * * * *');
  await boss.work(JOBS.committees, async () => {
    await runCommitteeJobs(ctx);
  });
  await boss.schedule(JOBS.committees, '*/15 * * * *');
  await boss.work(JOBS.signInThrottle, async () => {
    await purgeSignInThrottle(ctx.db);
  });
  await boss.schedule(JOBS.signInThrottle, '*/15 * * * *');
  // imports: a job per accepted upload; the sweep every minute also resumes runs whose worker
  // died (lease expired), and one run at start picks up what a killed process left behind
  await boss.work(JOBS.importRuns, { pollingIntervalSeconds: 1 }, async () => {
    await processImportRuns(ctx);
  });
  await boss.work(JOBS.importSweep, async () => {
    await sweepImportRuns(ctx.db);
    await processImportRuns(ctx);
  });
  await boss.schedule(JOBS.importSweep, '* * * * *');
  if (ctx.database.engine === 'pglite') await releaseDeadLeases(ctx.db);
  await boss.send(JOBS.importRuns, {});
}
