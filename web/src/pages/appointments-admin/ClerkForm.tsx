import { useState } from 'react';
import { useResource } from '../../hooks/useResource';
import { useT } from '../../i18n/I18nProvider';
import { AdminForm } from './AdminForm';
import { type AdminClerk, listPersons, saveAdmin } from './adminApi';
import { CheckboxField, SelectField, useFormKit } from './formKit';
import { hoursLabels, hoursToText, textToHours, WeeklyHoursFieldset } from './WeeklyHoursFieldset';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

/** Make a person a clerk of the office, or change schedule, letter range, deputy and active. */
export function ClerkForm({
  officeId,
  clerk,
  clerks,
  onDone,
}: {
  officeId: number;
  clerk: AdminClerk | null;
  clerks: AdminClerk[];
  onDone: (saved: boolean) => void;
}) {
  const t = useT();
  const persons = useResource((signal) => listPersons(signal), 'appointment-admin-persons');
  const [v, setV] = useState({
    personId: clerk ? String(clerk.personId) : '',
    letterFrom: clerk?.letters?.[0] ?? '',
    letterTo: clerk?.letters?.[1] ?? '',
    deputyClerkId: clerk?.deputyClerkId ? String(clerk.deputyClerkId) : '',
    active: clerk?.active ?? true,
  });
  const [schedule, setSchedule] = useState(hoursToText(clerk?.schedule ?? {}));
  const set = (name: keyof typeof v) => (value: string | boolean) => setV({ ...v, [name]: value });
  const kit = useFormKit(
    'clerk-form',
    {
      personId: t('appointmentAdmin.clerk.person'),
      letters: t('appointmentAdmin.clerk.letters'),
      letterFrom: t('appointmentAdmin.clerk.letterFrom'),
      letterTo: t('appointmentAdmin.clerk.letterTo'),
      ...hoursLabels('schedule', t('appointmentAdmin.clerk.schedule'), (d) =>
        t(`appointmentAdmin.weekdays.${d as '0'}`),
      ),
      deputyClerkId: t('appointmentAdmin.clerk.deputy'),
      active: t('appointmentAdmin.activeLabel'),
    },
    () => onDone(true),
  );
  const check = () => {
    const errors: Record<string, string> = {};
    if (!clerk && !v.personId) errors.personId = t('errors.required');
    if (Boolean(v.letterFrom) !== Boolean(v.letterTo) || v.letterFrom > v.letterTo)
      errors.letterFrom = t('appointmentAdmin.clerk.lettersInvalid');
    for (const day of textToHours(schedule).invalid)
      errors[`schedule.${day}`] = t('appointmentAdmin.hoursInvalid');
    return errors;
  };
  const send = () =>
    saveAdmin<AdminClerk>('clerks', clerk?.id ?? null, {
      ...(clerk ? {} : { officeId, personId: Number(v.personId) }),
      letters: v.letterFrom && v.letterTo ? [v.letterFrom, v.letterTo] : null,
      schedule: textToHours(schedule).hours,
      deputyClerkId: v.deputyClerkId ? Number(v.deputyClerkId) : null,
      active: v.active,
    });
  const letterOptions = (
    <>
      <option value="">{t('appointments.admin.allLetters')}</option>
      {alphabet.map((l) => (
        <option key={l} value={l}>
          {l}
        </option>
      ))}
    </>
  );
  return (
    <AdminForm
      kit={kit}
      title={
        clerk ? t('appointmentAdmin.clerk.edit', { name: clerk.personName }) : t('appointmentAdmin.clerk.new')
      }
      onSubmit={(event) => void kit.submit(event, send, check)}
      onCancel={() => onDone(false)}
    >
      {clerk ? (
        <p>
          <strong>{kit.label('personId')}:</strong> {clerk.personName}
        </p>
      ) : (
        <SelectField kit={kit} name="personId" value={v.personId} onChange={set('personId')}>
          <option value="">{t('appointmentAdmin.choose')}</option>
          {persons.data?.items.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.login})
            </option>
          ))}
        </SelectField>
      )}
      <fieldset id={kit.id('letters')} tabIndex={-1} className="field">
        <legend>{kit.label('letters')}</legend>
        {kit.error('letters') && <p className="field__error">{kit.error('letters')}</p>}
        <p className="field__hint">{t('appointmentAdmin.clerk.lettersHint')}</p>
        <div className="filters">
          <SelectField kit={kit} name="letterFrom" value={v.letterFrom} onChange={set('letterFrom')}>
            {letterOptions}
          </SelectField>
          <SelectField kit={kit} name="letterTo" value={v.letterTo} onChange={set('letterTo')}>
            {letterOptions}
          </SelectField>
        </div>
      </fieldset>
      <WeeklyHoursFieldset kit={kit} name="schedule" value={schedule} onChange={setSchedule} />
      <SelectField kit={kit} name="deputyClerkId" value={v.deputyClerkId} onChange={set('deputyClerkId')}>
        <option value="">{t('appointmentAdmin.clerk.noDeputy')}</option>
        {clerks
          .filter((c) => c.id !== clerk?.id)
          .map((c) => (
            <option key={c.id} value={c.id}>
              {c.personName}
            </option>
          ))}
      </SelectField>
      <CheckboxField kit={kit} name="active" checked={v.active} onChange={set('active')} />
    </AdminForm>
  );
}
