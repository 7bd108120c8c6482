import { useState } from 'react';
import { useResource } from '../../hooks/useResource';
import { useT } from '../../i18n/I18nProvider';
import { AdminForm } from './AdminForm';
import {
  type AppointmentSettings,
  getSettings,
  putSettings,
  type SettingName,
  settingNames,
} from './adminApi';
import { TextField, useFormKit, wholeNumber } from './formKit';

/** The module's tunables: hold time, retention, rate limits, upload limits (ranges from the server). */
export function SettingsSection() {
  const t = useT();
  const settings = useResource((signal) => getSettings(signal), 'appointment-admin-settings');
  return (
    <section aria-labelledby="appointment-settings-heading">
      <h2 id="appointment-settings-heading">{t('appointmentAdmin.settings.title')}</h2>
      <p>{t('appointmentAdmin.settings.intro')}</p>
      {settings.data && (
        // a new key after each save resets the form to the stored values and the new version
        <SettingsForm
          key={settings.data.version}
          settings={settings.data}
          onSaved={settings.replace}
          onReload={settings.reload}
        />
      )}
    </section>
  );
}

function SettingsForm({
  settings,
  onSaved,
  onReload,
}: {
  settings: AppointmentSettings;
  onSaved: (settings: AppointmentSettings) => void;
  onReload: () => void;
}) {
  const t = useT();
  const [values, setValues] = useState(
    Object.fromEntries(settingNames.map((n) => [n, String(settings[n])])) as Record<SettingName, string>,
  );
  const kit = useFormKit(
    'settings-form',
    Object.fromEntries(settingNames.map((n) => [n, t(`appointmentAdmin.settings.${n}`)])),
    (saved) => onSaved(saved as AppointmentSettings),
  );
  const check = () => {
    const errors: Record<string, string> = {};
    for (const n of settingNames)
      if (wholeNumber(values[n]) === undefined) errors[n] = t('appointmentAdmin.wholeNumber');
    return errors;
  };
  const send = () =>
    putSettings({
      version: settings.version,
      ...Object.fromEntries(settingNames.map((n) => [n, wholeNumber(values[n])])),
    });
  const stale = kit.problem?.error?.status === 409;
  return (
    <AdminForm
      kit={kit}
      title={t('appointmentAdmin.settings.formTitle')}
      onSubmit={(event) => void kit.submit(event, send, check)}
    >
      {stale && (
        <p>
          <button type="button" className="button button--secondary" onClick={onReload}>
            {t('appointmentAdmin.settings.reload')}
          </button>
        </p>
      )}
      {settingNames.map((n) => (
        <TextField
          key={n}
          kit={kit}
          name={n}
          type="number"
          hint={t('appointmentAdmin.settings.range', settings.ranges[n])}
          value={values[n]}
          onChange={(value) => setValues({ ...values, [n]: value })}
        />
      ))}
    </AdminForm>
  );
}
