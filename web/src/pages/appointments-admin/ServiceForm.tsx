import { useState } from 'react';
import { useT } from '../../i18n/I18nProvider';
import { AdminForm } from './AdminForm';
import { type AdminClerk, type AdminService, type Mode, modes, saveAdmin } from './adminApi';
import { CheckboxField, CheckboxGroup, TextField, useFormKit, wholeNumber } from './formKit';

const numberFields = ['durationMinutes', 'leadTimeMinutes', 'horizonDays', 'bufferMinutes'] as const;

/** Create or change a concern: names, duration, documents to bring, modes, lead time, horizon, buffer, clerks. */
export function ServiceForm({
  officeId,
  service,
  clerks,
  onDone,
}: {
  officeId: number;
  service: AdminService | null;
  clerks: AdminClerk[];
  onDone: (saved: boolean) => void;
}) {
  const t = useT();
  const [v, setV] = useState({
    nameDe: service?.nameDe ?? '',
    nameEn: service?.nameEn ?? '',
    durationMinutes: String(service?.durationMinutes ?? 30),
    documentsDe: service?.documentsDe ?? '',
    documentsEn: service?.documentsEn ?? '',
    leadTimeMinutes: String(service?.leadTimeMinutes ?? 120),
    horizonDays: String(service?.horizonDays ?? 60),
    bufferMinutes: String(service?.bufferMinutes ?? 0),
    active: service?.active ?? true,
  });
  const [chosenModes, setModes] = useState<Mode[]>(service?.modes ?? ['inPerson']);
  const [clerkIds, setClerkIds] = useState<number[]>(service?.clerkIds ?? []);
  const set = (name: keyof typeof v) => (value: string | boolean) => setV({ ...v, [name]: value });
  const kit = useFormKit(
    'service-form',
    {
      nameDe: t('appointmentAdmin.service.nameDe'),
      nameEn: t('appointmentAdmin.service.nameEn'),
      durationMinutes: t('appointmentAdmin.service.durationMinutes'),
      documentsDe: t('appointmentAdmin.service.documentsDe'),
      documentsEn: t('appointmentAdmin.service.documentsEn'),
      modes: t('appointmentAdmin.service.modes'),
      leadTimeMinutes: t('appointmentAdmin.service.leadTimeMinutes'),
      horizonDays: t('appointmentAdmin.service.horizonDays'),
      bufferMinutes: t('appointmentAdmin.service.bufferMinutes'),
      clerkIds: t('appointmentAdmin.service.clerkIds'),
      active: t('appointmentAdmin.activeLabel'),
    },
    () => onDone(true),
  );
  const check = () => {
    const errors: Record<string, string> = {};
    if (!v.nameDe.trim()) errors.nameDe = t('errors.required');
    if (!v.nameEn.trim()) errors.nameEn = t('errors.required');
    for (const name of numberFields)
      if (wholeNumber(v[name]) === undefined) errors[name] = t('appointmentAdmin.wholeNumber');
    if (chosenModes.length === 0) errors.modes = t('appointmentAdmin.service.modesRequired');
    return errors;
  };
  const send = () =>
    saveAdmin<AdminService>('services', service?.id ?? null, {
      ...(service ? {} : { officeId }),
      nameDe: v.nameDe,
      nameEn: v.nameEn,
      documentsDe: v.documentsDe,
      documentsEn: v.documentsEn,
      ...Object.fromEntries(numberFields.map((name) => [name, wholeNumber(v[name])])),
      modes: modes.filter((m) => chosenModes.includes(m)),
      clerkIds,
      active: v.active,
    });
  const hint = (name: (typeof numberFields)[number]) => t(`appointmentAdmin.service.${name}Hint`);
  return (
    <AdminForm
      kit={kit}
      title={
        service
          ? t('appointmentAdmin.service.edit', { name: service.nameDe })
          : t('appointmentAdmin.service.new')
      }
      onSubmit={(event) => void kit.submit(event, send, check)}
      onCancel={() => onDone(false)}
    >
      <TextField kit={kit} name="nameDe" value={v.nameDe} onChange={set('nameDe')} />
      <TextField kit={kit} name="nameEn" value={v.nameEn} onChange={set('nameEn')} />
      <TextField
        kit={kit}
        name="durationMinutes"
        type="number"
        hint={hint('durationMinutes')}
        value={v.durationMinutes}
        onChange={set('durationMinutes')}
      />
      <TextField kit={kit} name="documentsDe" rows={3} value={v.documentsDe} onChange={set('documentsDe')} />
      <TextField kit={kit} name="documentsEn" rows={3} value={v.documentsEn} onChange={set('documentsEn')} />
      <CheckboxGroup
        kit={kit}
        name="modes"
        options={modes.map((m) => ({ value: m, label: t(`appointments.modes.${m}`) }))}
        chosen={chosenModes}
        onChange={setModes}
      />
      {(['leadTimeMinutes', 'horizonDays', 'bufferMinutes'] as const).map((name) => (
        <TextField
          key={name}
          kit={kit}
          name={name}
          type="number"
          hint={hint(name)}
          value={v[name]}
          onChange={set(name)}
        />
      ))}
      <CheckboxGroup
        kit={kit}
        name="clerkIds"
        options={clerks.map((c) => ({ value: c.id, label: c.personName }))}
        chosen={clerkIds}
        onChange={setClerkIds}
      />
      <CheckboxField kit={kit} name="active" checked={v.active} onChange={set('active')} />
    </AdminForm>
  );
}
