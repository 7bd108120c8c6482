import type { ReactNode } from 'react';
import { useT } from '../i18n/I18nProvider';
import type { TicketDetail } from '../types';
import { DateTime, DueDate } from './DateTime';

/** The ticket's fields as a description list; agents see a few more than requesters. */
export function TicketFacts({ ticket, full = false }: { ticket: TicketDetail; full?: boolean }) {
  const t = useT();
  const rows: [string, ReactNode][] = [
    [t('ticket.number'), ticket.number],
    [t('ticket.state'), ticket.state.name],
    [t('ticket.group'), ticket.group?.name ?? t('ticket.noGroup')],
    [t('ticket.assignee'), ticket.assignee?.name ?? t('ticket.unassigned')],
    [t('ticket.dueAt'), <DueDate key="due" value={ticket.dueAt} overdue={ticket.overdue} />],
    [t('ticket.priority'), t(`priority.${ticket.priority}`)],
    [t('ticket.topic'), ticket.topic?.name ?? t('ticket.noTopic')],
  ];
  if (full) {
    rows.push(
      [t('ticket.requester'), ticket.requester.name],
      [t('ticket.processType'), t(`processType.${ticket.processType}`)],
      [
        t('ticket.firstResponseDueAt'),
        ticket.firstResponseDueAt ? (
          <DateTime key="first" value={ticket.firstResponseDueAt} />
        ) : (
          t('ticket.noDueDate')
        ),
      ],
    );
  }
  rows.push([t('ticket.createdAt'), <DateTime key="created" value={ticket.createdAt} />]);
  rows.push([t('ticket.updatedAt'), <DateTime key="updated" value={ticket.updatedAt} />]);
  return (
    <dl className="facts">
      {rows.map(([label, value]) => (
        <div key={label} className="facts__row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
