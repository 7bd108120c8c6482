import { type FormEvent, useEffect, useState } from 'react';
import { useAnnounce } from '../announcer';
import { listPersons } from '../api';
import { useResource } from '../hooks/useResource';
import { useT } from '../i18n/I18nProvider';
import { useMe } from '../session';
import type { TicketDetail, UpdateTicket } from '../types';
import { Field } from './Field';
import { type FormProblem, ProblemAlert, problemFrom } from './ProblemAlert';

/** Assign the ticket to a member of its group, to oneself, or to nobody. */
export function AssignForm({ ticket, update }: { ticket: TicketDetail; update: UpdateTicket }) {
  const t = useT();
  const me = useMe();
  const announce = useAnnounce();
  const groupId = ticket.group?.id;
  const members = useResource(
    (signal) => (groupId !== undefined ? listPersons(groupId, signal) : Promise.resolve({ items: [] })),
    String(groupId ?? ''),
  );
  const currentId = ticket.assignee ? String(ticket.assignee.id) : '';
  const [selected, setSelected] = useState(currentId);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => setSelected(currentId), [currentId]);

  const options = [...(members.data?.items ?? [])];
  if (ticket.assignee && !options.some((person) => person.id === ticket.assignee?.id)) {
    options.unshift({ id: ticket.assignee.id, login: '', name: ticket.assignee.name });
  }

  // The select works with strings; the API wants the numeric id (or null to unassign).
  const assign = async (value: string) => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      const updated = await update({ assigneeId: value ? Number(value) : null });
      announce(
        updated.assignee
          ? t('actions.assigned', { name: updated.assignee.name })
          : t('actions.unassignedDone'),
      );
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void assign(selected);
  };

  return (
    <form className="form form--inline" onSubmit={submit} noValidate aria-labelledby="assign-heading">
      <h3 id="assign-heading">{t('actions.assignTitle')}</h3>
      <ProblemAlert problem={problem} />
      <Field id="assign-person" label={t('actions.assignee')} error={members.error?.problem.detail}>
        {(control) => (
          <select {...control} value={selected} onChange={(event) => setSelected(event.target.value)}>
            <option value="">{t('actions.nobody')}</option>
            {options.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="button-row">
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {t('actions.assign')}
        </button>
        {ticket.assignee?.id !== me.id && (
          <button
            type="button"
            className="button button--secondary"
            aria-disabled={busy || undefined}
            onClick={() => void assign(String(me.id))}
          >
            {t('actions.assignToMe')}
          </button>
        )}
      </div>
    </form>
  );
}
