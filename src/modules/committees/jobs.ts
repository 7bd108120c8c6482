import type { AppContext } from '../../context';
import { assembleNextAgendas } from './commands/assemble-agenda';
import { ensureAllMeetings } from './commands/ensure-meetings';
import { sendDueInvitations } from './commands/invitations';
import { remindTasks } from './commands/remind-tasks';

/**
 * The committees' background work, every 15 minutes; each step is idempotent: keep the meeting
 * horizon filled, put pending proposals and due or overdue tasks on the next agendas, send the
 * invitations with agenda `agenda_mail_days` before, and remind task owners before the due date.
 */
export async function runCommitteeJobs(ctx: AppContext) {
  return {
    meetings: await ensureAllMeetings(ctx),
    agendaItems: await assembleNextAgendas(ctx),
    invitations: await sendDueInvitations(ctx),
    reminders: await remindTasks(ctx),
  };
}
