import { useState } from 'react';
import { useT } from '../../i18n/I18nProvider';
import { AdminForm } from './AdminForm';
import { type AdminOffice, saveAdmin } from './adminApi';
import { CheckboxField, TextField, useFormKit } from './formKit';
import { hoursLabels, hoursToText, textToHours, WeeklyHoursFieldset } from './WeeklyHoursFieldset';

const closingPattern = /^(\d{4}-\d{2}-\d{2})\s*(.*)$/;

/** Create or change an office: address, directions, map link, opening hours, closing days, video link. */
export function OfficeForm({
  office,
  onDone,
}: {
  office: AdminOffice | null;
  onDone: (saved: boolean) => void;
}) {
  const t = useT();
  const [v, setV] = useState({
    name: office?.name ?? '',
    address: office?.address ?? '',
    directions: office?.directions ?? '',
    mapUrl: office?.mapUrl ?? '',
    videoUrlTemplate: office?.videoUrlTemplate ?? '',
    closingDays: (office?.closingDays ?? []).map((c) => `${c.day} ${c.reason}`.trim()).join('\n'),
    active: office?.active ?? true,
  });
  const [hours, setHours] = useState(hoursToText(office?.openingHours ?? {}));
  const set = (name: keyof typeof v) => (value: string | boolean) => setV({ ...v, [name]: value });
  const kit = useFormKit(
    'office-form',
    {
      name: t('appointmentAdmin.office.name'),
      address: t('appointmentAdmin.office.address'),
      directions: t('appointmentAdmin.office.directions'),
      mapUrl: t('appointmentAdmin.office.mapUrl'),
      ...hoursLabels('openingHours', t('appointmentAdmin.office.openingHours'), (d) =>
        t(`appointmentAdmin.weekdays.${d as '0'}`),
      ),
      closingDays: t('appointmentAdmin.office.closingDays'),
      videoUrlTemplate: t('appointmentAdmin.office.videoUrlTemplate'),
      active: t('appointmentAdmin.activeLabel'),
    },
    () => onDone(true),
  );
  const lines = v.closingDays
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const check = () => {
    const errors: Record<string, string> = {};
    if (!v.name.trim()) errors.name = t('errors.required');
    for (const day of textToHours(hours).invalid)
      errors[`openingHours.${day}`] = t('appointmentAdmin.hoursInvalid');
    if (lines.some((l) => !closingPattern.test(l))) errors.closingDays = t('appointmentAdmin.closingInvalid');
    return errors;
  };
  const send = () =>
    saveAdmin<AdminOffice>('offices', office?.id ?? null, {
      name: v.name,
      address: v.address,
      directions: v.directions,
      mapUrl: v.mapUrl.trim() || null,
      videoUrlTemplate: v.videoUrlTemplate.trim() || null,
      openingHours: textToHours(hours).hours,
      closingDays: lines.map((l) => {
        const [, day, reason] = closingPattern.exec(l) ?? [];
        return { day, reason };
      }),
      active: v.active,
    });
  return (
    <AdminForm
      kit={kit}
      title={
        office ? t('appointmentAdmin.office.edit', { name: office.name }) : t('appointmentAdmin.office.new')
      }
      onSubmit={(event) => void kit.submit(event, send, check)}
      onCancel={() => onDone(false)}
    >
      <TextField kit={kit} name="name" value={v.name} onChange={set('name')} />
      <TextField kit={kit} name="address" rows={2} value={v.address} onChange={set('address')} />
      <TextField kit={kit} name="directions" rows={3} value={v.directions} onChange={set('directions')} />
      <TextField
        kit={kit}
        name="mapUrl"
        type="url"
        hint={t('appointmentAdmin.office.mapUrlHint')}
        value={v.mapUrl}
        onChange={set('mapUrl')}
      />
      <WeeklyHoursFieldset kit={kit} name="openingHours" value={hours} onChange={setHours} />
      <TextField
        kit={kit}
        name="closingDays"
        rows={3}
        hint={t('appointmentAdmin.office.closingDaysHint')}
        value={v.closingDays}
        onChange={set('closingDays')}
      />
      <TextField
        kit={kit}
        name="videoUrlTemplate"
        type="url"
        hint={t('appointmentAdmin.office.videoUrlTemplateHint')}
        value={v.videoUrlTemplate}
        onChange={set('videoUrlTemplate')}
      />
      <CheckboxField kit={kit} name="active" checked={v.active} onChange={set('active')} />
    </AdminForm>
  );
}
