import { type FormEvent, useState } from 'react';
import { useAnnounce } from '../announcer';
import { useT } from '../i18n/I18nProvider';
import { navigate } from '../router';
import { createProject, type Triage, type Urgency } from '../rulebookApi';
import { Field } from './Field';
import { checkRequired, type FormProblem, ProblemAlert, problemFrom } from './ProblemAlert';

/** The pre-announcement of a (mini) project: IT answers with the ticket number and a routing decision. */
export function PreAnnouncementForm({ triage }: { triage?: Triage }) {
  const t = useT();
  const announce = useAnnounce();
  const [values, setValues] = useState({
    title: '',
    description: '',
    urgency: '' as '' | Urgency,
    technicalSketch: '',
  });
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = {
    title: { id: 'pre-title', label: t('rulebook.projectName') },
    description: { id: 'pre-description', label: t('rulebook.requirement') },
    urgency: { id: 'pre-urgency-itCommittee', label: t('rulebook.urgency') },
    technicalSketch: { id: 'pre-sketch', label: t('rulebook.technicalSketch') },
  };
  const set = (name: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [name]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const missing = checkRequired(
      { title: values.title, description: values.description, urgency: values.urgency },
      t,
    );
    setProblem(missing);
    if (missing) return;
    setBusy(true);
    try {
      const ticket = await createProject({
        title: values.title.trim(),
        triage,
        preAnnouncement: {
          description: values.description,
          urgency: values.urgency as Urgency,
          ...(values.technicalSketch.trim() ? { technicalSketch: values.technicalSketch } : {}),
        },
      });
      const path = `/portal/tickets/${encodeURIComponent(ticket.number)}`;
      navigate(path);
      announce(t('rulebook.preAnnounced', { number: ticket.number }), path);
    } catch (error) {
      setProblem(problemFrom(error));
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="pre-heading">
      <h2 id="pre-heading">{t('rulebook.preAnnouncement')}</h2>
      <p>{t('rulebook.preAnnouncementIntro')}</p>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <ProblemAlert problem={problem} fields={fields} />
        <Field {...fields.title} hint={t('rulebook.projectNameHint')} error={problem?.fieldErrors.title}>
          {(control) => (
            <input {...control} name="title" maxLength={200} value={values.title} onChange={set('title')} />
          )}
        </Field>
        <Field
          {...fields.description}
          hint={t('rulebook.requirementHint')}
          error={problem?.fieldErrors.description}
        >
          {(control) => (
            <textarea
              {...control}
              name="description"
              rows={6}
              value={values.description}
              onChange={set('description')}
            />
          )}
        </Field>
        <fieldset className={problem?.fieldErrors.urgency ? 'field field--error' : 'field'}>
          <legend>{t('rulebook.urgency')}</legend>
          {problem?.fieldErrors.urgency && <p className="field__error">{problem.fieldErrors.urgency}</p>}
          {(['itCommittee', 'digitalisation'] as const).map((u) => (
            <div className="radio" key={u}>
              <input
                type="radio"
                id={`pre-urgency-${u}`}
                name="urgency"
                value={u}
                checked={values.urgency === u}
                onChange={set('urgency')}
              />
              <label htmlFor={`pre-urgency-${u}`}>{t(`rulebook.urgencies.${u}`)}</label>
            </div>
          ))}
        </fieldset>
        <Field
          {...fields.technicalSketch}
          hint={t('rulebook.technicalSketchHint')}
          error={problem?.fieldErrors.technicalSketch}
        >
          {(control) => (
            <textarea
              {...control}
              name="technicalSketch"
              rows={3}
              value={values.technicalSketch}
              onChange={set('technicalSketch')}
            />
          )}
        </Field>
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {t('rulebook.preAnnouncementSubmit')}
        </button>
      </form>
    </section>
  );
}
