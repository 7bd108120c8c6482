import { type FormEvent, useState } from 'react';
import { useAnnounce } from '../announcer';
import { createIntake, listIntakes, listTopics } from '../api';
import { useResource } from '../hooks/useResource';
import { useT } from '../i18n/I18nProvider';
import { Field } from './Field';
import { type FormProblem, ProblemAlert, problemFrom } from './ProblemAlert';

/** The intake addresses (default topic, unknown senders) and a form to add one. */
export function IntakeAddresses() {
  const t = useT();
  const announce = useAnnounce();
  const intakes = useResource((signal) => listIntakes(signal), 'mail-intakes');
  const topics = useResource((signal) => listTopics(signal), 'topics');
  const [draft, setDraft] = useState({ address: '', topic: '', unknownSenders: 'createContact' });
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const topicName = (key: string | null) =>
    key ? (topics.data?.items.find((x) => x.key === key)?.name ?? key) : t('mail.intakes.noTopic');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      const created = await createIntake({ ...draft, topic: draft.topic || null });
      announce(t('mail.intakes.created', { address: created.address }));
      setDraft({ address: '', topic: '', unknownSenders: 'createContact' });
      intakes.reload();
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };

  return (
    <section aria-labelledby="intakes-heading">
      <h2 id="intakes-heading">{t('mail.intakes.title')}</h2>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('mail.intakes.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('mail.intakes.address')}</th>
              <th scope="col">{t('mail.intakes.topic')}</th>
              <th scope="col">{t('mail.intakes.unknownSenders')}</th>
              <th scope="col">{t('mail.intakes.reopenDays')}</th>
            </tr>
          </thead>
          <tbody>
            {intakes.data?.items.map((intake) => (
              <tr key={intake.id}>
                <th scope="row">{intake.address}</th>
                <td>{topicName(intake.topic)}</td>
                <td>{t(`mail.intakes.${intake.unknownSenders}`)}</td>
                <td>{intake.reopenDays}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t('mail.intakes.add')}</h3>
      <ProblemAlert
        problem={problem}
        fields={{ address: { id: 'intake-address', label: t('mail.intakes.address') } }}
      />
      <form onSubmit={submit} noValidate>
        <Field id="intake-address" label={t('mail.intakes.address')} error={problem?.fieldErrors.address}>
          {(control) => (
            <input
              {...control}
              type="email"
              value={draft.address}
              onChange={(e) => setDraft({ ...draft, address: e.target.value })}
            />
          )}
        </Field>
        <Field id="intake-topic" label={t('mail.intakes.topic')}>
          {(control) => (
            <select
              {...control}
              value={draft.topic}
              onChange={(e) => setDraft({ ...draft, topic: e.target.value })}
            >
              <option value="">{t('mail.intakes.noTopic')}</option>
              {topics.data?.items.map((topic) => (
                <option key={topic.key} value={topic.key}>
                  {topic.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="intake-unknown" label={t('mail.intakes.unknownSenders')}>
          {(control) => (
            <select
              {...control}
              value={draft.unknownSenders}
              onChange={(e) => setDraft({ ...draft, unknownSenders: e.target.value })}
            >
              <option value="createContact">{t('mail.intakes.createContact')}</option>
              <option value="refuse">{t('mail.intakes.refuse')}</option>
            </select>
          )}
        </Field>
        <button type="submit" className="button">
          {t('mail.intakes.submit')}
        </button>
      </form>
    </section>
  );
}
