import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { localDate } from '../../../shared/local-date';
import { enqueueMail } from '../../mail/outbox';

/** Days before the due date when owner and collaborators get a reminder. */
export const REMINDER_DAYS = 2;

/**
 * Job: one reminder per open task when its due date comes within REMINDER_DAYS (or has passed
 * without a reminder), to the owner and the collaborators. Idempotent through reminded_at.
 */
export async function remindTasks(ctx: AppContext): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{
      id: number;
      title: string;
      due_on: string;
      committee_name: string;
      emails: string[];
      owner_name: string;
    }>`
      SELECT t.id, t.title, t.due_on::text AS due_on, c.name AS committee_name, o.name AS owner_name,
        ARRAY(SELECT p.email FROM persons p WHERE p.active AND p.email IS NOT NULL AND (p.id = t.owner_id OR p.id IN
          (SELECT person_id FROM committee_task_collaborators WHERE task_id = t.id)) ORDER BY p.id) AS emails
      FROM committee_tasks t
      JOIN persons o ON o.id = t.owner_id
      JOIN meetings m ON m.id = t.meeting_id
      JOIN committees c ON c.id = m.committee_id
      WHERE t.state = 'open' AND t.reminded_at IS NULL
        AND t.due_on <= ${localDate()}::date + ${REMINDER_DAYS}::int
      ORDER BY t.due_on, t.id
      LIMIT 500
      FOR UPDATE OF t SKIP LOCKED`.execute(trx);
    for (const t of rows) {
      if (t.emails.length > 0)
        await enqueueMail(trx, ctx.config, {
          kind: 'committee.taskReminder',
          to: t.emails,
          subject: `Erinnerung: Aufgabe „${t.title}“ fällig am ${t.due_on.split('-').reverse().join('.')}`,
          text: [
            `Aus dem Gremium „${t.committee_name}“ ist folgende Aufgabe fällig:`,
            '',
            `Was: ${t.title}`,
            `Wer: ${t.owner_name}`,
            `Bis wann: ${t.due_on.split('-').reverse().join('.')}`,
            '',
            'Bitte erledigen Sie die Aufgabe unter „Meine Aufgaben“ mit einer kurzen Ergebnisnotiz.',
          ].join('\n'),
        });
      await trx
        .updateTable('committee_tasks')
        .set({ reminded_at: new Date() })
        .where('id', '=', t.id)
        .execute();
    }
    return rows.length;
  });
}
