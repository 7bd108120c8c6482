import { type FormEvent, useState } from 'react';
import { useAnnounce } from '../announcer';
import { createTicket, listTopics } from '../api';
import { Field } from '../components/Field';
import { OrderForm } from '../components/OrderForm';
import { PreAnnouncementForm } from '../components/PreAnnouncementForm';
import { checkRequired, type FormProblem, ProblemAlert, problemFrom } from '../components/ProblemAlert';
import { Wegweiser } from '../components/Wegweiser';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { useT } from '../i18n/I18nProvider';
import { navigate } from '../router';
import type { Evaluation, Triage } from '../rulebookApi';
import { type Priority, priorities } from '../types';

/** "Neues Anliegen": the Wegweiser first, then the form that fits its outcome. */
export function NewTicketPage() {
  const t = useT();
  usePageTitle(t('newTicket.title'));
  const [triaged, setTriaged] = useState<{ evaluation: Evaluation; triage: Triage } | null>(null);
  const outcome = triaged?.evaluation.outcome;
  return (
    <div className="narrow">
      <h1>{t('newTicket.title')}</h1>
      <p>{t('rulebook.newIntro')}</p>
      <Wegweiser
        onDone={(evaluation, answers) =>
          setTriaged({ evaluation, triage: { ruleVersion: evaluation.ruleVersion, answers } })
        }
        onRestart={() => setTriaged(null)}
      />
      {outcome === 'support' && <SupportTicketForm triage={triaged?.triage} />}
      {outcome === 'order' && <OrderForm />}
      {outcome === 'project' && <PreAnnouncementForm triage={triaged?.triage} />}
    </div>
  );
}

function SupportTicketForm({ triage }: { triage?: Triage }) {
  const t = useT();
  const announce = useAnnounce();
  const topics = useResource((signal) => listTopics(signal), 'topics');
  const [values, setValues] = useState({
    title: '',
    description: '',
    topic: '',
    priority: 'normal' as Priority,
  });
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = {
    title: { id: 'ticket-title', label: t('ticket.title') },
    description: { id: 'ticket-description', label: t('ticket.description') },
    topic: { id: 'ticket-topic', label: t('ticket.topic') },
    priority: { id: 'ticket-priority', label: t('ticket.priority') },
  };
  const set = (name: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((previous) => ({ ...previous, [name]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const missing = checkRequired({ title: values.title, description: values.description }, t);
    setProblem(missing);
    if (missing) return;
    setBusy(true);
    try {
      const ticket = await createTicket({
        title: values.title.trim(),
        description: values.description,
        priority: values.priority,
        processType: 'support',
        ...(triage ? { triage } : {}),
        ...(values.topic ? { topic: values.topic } : {}),
      });
      const path = `/portal/tickets/${encodeURIComponent(ticket.number)}`;
      navigate(path);
      announce(t('newTicket.created', { number: ticket.number }), path);
    } catch (error) {
      setProblem(problemFrom(error));
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="support-heading">
      <h2 id="support-heading">{t('rulebook.supportHeading')}</h2>
      <p>{t('newTicket.intro')}</p>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <ProblemAlert problem={problem} fields={fields} />
        <Field {...fields.title} hint={t('newTicket.titleHint')} error={problem?.fieldErrors.title}>
          {(control) => (
            <input
              {...control}
              name="title"
              required
              maxLength={200}
              value={values.title}
              onChange={set('title')}
            />
          )}
        </Field>
        <Field
          {...fields.description}
          hint={t('newTicket.descriptionHint')}
          error={problem?.fieldErrors.description}
        >
          {(control) => (
            <textarea
              {...control}
              name="description"
              rows={8}
              required
              value={values.description}
              onChange={set('description')}
            />
          )}
        </Field>
        <Field {...fields.topic} error={problem?.fieldErrors.topic ?? topics.error?.problem.detail}>
          {(control) => (
            <select {...control} name="topic" value={values.topic} onChange={set('topic')}>
              <option value="">{t('newTicket.topicNone')}</option>
              {topics.data?.items.map((topic) => (
                <option key={topic.key} value={topic.key}>
                  {topic.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field {...fields.priority} error={problem?.fieldErrors.priority}>
          {(control) => (
            <select {...control} name="priority" value={values.priority} onChange={set('priority')}>
              {priorities.map((priority) => (
                <option key={priority} value={priority}>
                  {t(`priority.${priority}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {t('newTicket.submit')}
        </button>
      </form>
    </section>
  );
}
