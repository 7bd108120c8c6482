import { type FormEvent, useEffect, useState } from 'react';
import { useAnnounce } from '../announcer';
import { listStates } from '../api';
import { useResource } from '../hooks/useResource';
import { useT } from '../i18n/I18nProvider';
import type { TicketDetail, UpdateTicket } from '../types';
import { Field } from './Field';
import { type FormProblem, ProblemAlert, problemFrom } from './ProblemAlert';

/** Change the ticket's state; the server enforces which transitions are allowed (422 otherwise). */
export function StateForm({ ticket, update }: { ticket: TicketDetail; update: UpdateTicket }) {
  const t = useT();
  const announce = useAnnounce();
  const states = useResource((signal) => listStates(signal), 'states');
  const currentKey = ticket.state.key;
  const [selected, setSelected] = useState(currentKey);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => setSelected(currentKey), [currentKey]);

  // Only the states the server allows from here (merging needs a target ticket and is never offered).
  const options = (states.data?.items ?? []).filter(
    (state) => state.key === currentKey || ticket.allowedStates.includes(state.key),
  );
  if (!options.some((state) => state.key === currentKey)) options.unshift(ticket.state);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (selected === currentKey) {
      announce(t('actions.stateUnchanged', { name: ticket.state.name }));
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const updated = await update({ state: selected });
      announce(t('actions.stateChanged', { name: updated.state.name }));
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="form form--inline"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-labelledby="state-heading"
    >
      <h3 id="state-heading">{t('actions.stateTitle')}</h3>
      <ProblemAlert problem={problem} />
      <Field id="state-select" label={t('actions.state')} error={states.error?.problem.detail}>
        {(control) => (
          <select {...control} value={selected} onChange={(event) => setSelected(event.target.value)}>
            {options.map((state) => (
              <option key={state.key} value={state.key}>
                {state.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" className="button" aria-disabled={busy || undefined}>
        {t('actions.changeState')}
      </button>
    </form>
  );
}
