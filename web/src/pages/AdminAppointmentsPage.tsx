import { useState } from 'react';
import { Field } from '../components/Field';
import { ProblemAlert } from '../components/ProblemAlert';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { useLanguage, useT } from '../i18n/I18nProvider';
import { listClerks, listOffices, listServices } from './appointments-admin/adminApi';
import { ClerkForm } from './appointments-admin/ClerkForm';
import { EditableSection } from './appointments-admin/EditableSection';
import { OfficeForm } from './appointments-admin/OfficeForm';
import { ServiceForm } from './appointments-admin/ServiceForm';
import { SettingsSection } from './appointments-admin/SettingsForm';
import { StatisticsSection } from './appointments-admin/StatisticsSection';

/** Administration of appointments: offices, concerns and clerks (list, create, edit), settings and statistics. */
export function AdminAppointmentsPage() {
  const t = useT();
  const { lang } = useLanguage();
  usePageTitle(t('appointments.admin.title'));
  const offices = useResource((signal) => listOffices(null, signal), 'admin-appointment-offices');
  const [chosen, setChosen] = useState<number | null>(null);
  const officeId = chosen ?? offices.data?.items[0]?.id ?? null;
  const services = useResource(
    (signal) => (officeId ? listServices(officeId, signal) : Promise.resolve({ items: [] })),
    `admin-appointment-services-${officeId}`,
  );
  const clerks = useResource(
    (signal) => (officeId ? listClerks(officeId, signal) : Promise.resolve({ items: [] })),
    `admin-appointment-clerks-${officeId}`,
  );
  const clerkName = (id: number | null) => clerks.data?.items.find((c) => c.id === id)?.personName ?? '–';
  const yesNo = (active: boolean) =>
    active ? t('appointments.admin.active') : t('appointments.admin.inactive');
  const reloadAfter =
    (resource: { reload: () => void }) => (saved: boolean, done: (saved: boolean) => void) => {
      if (saved) resource.reload();
      done(saved);
    };
  const error = offices.error ?? services.error ?? clerks.error;
  const office = offices.data?.items.find((o) => o.id === officeId);
  return (
    <section>
      <h1>{t('appointments.admin.title')}</h1>
      {error && <ProblemAlert problem={{ error, fieldErrors: {} }} focus={false} />}
      {offices.data && offices.data.items.length === 0 && <p>{t('appointments.admin.noOffices')}</p>}
      {offices.data && offices.data.items.length > 0 && (
        <Field id="admin-office" label={t('appointments.office')} hint={t('appointmentAdmin.officeHint')}>
          {(control) => (
            <select
              {...control}
              value={officeId ?? ''}
              onChange={(event) => setChosen(Number(event.target.value))}
            >
              {offices.data?.items.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name} ({yesNo(o.active)})
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <EditableSection
        id="admin-offices"
        title={t('appointments.admin.offices')}
        newLabel={t('appointmentAdmin.office.new')}
        items={offices.data?.items ?? []}
        head={
          <>
            <th scope="col">{t('appointmentAdmin.office.name')}</th>
            <th scope="col">{t('appointmentAdmin.office.address')}</th>
            <th scope="col">{t('appointments.status')}</th>
          </>
        }
        row={(o, nameId) => (
          <>
            <th scope="row" id={nameId}>
              {o.name}
            </th>
            <td>{o.address}</td>
            <td>{yesNo(o.active)}</td>
          </>
        )}
        form={(o, done) => <OfficeForm office={o} onDone={(saved) => reloadAfter(offices)(saved, done)} />}
      />
      {officeId && (
        <>
          <EditableSection
            id="admin-services"
            title={t('appointmentAdmin.servicesOf', { office: office?.name ?? '' })}
            newLabel={t('appointmentAdmin.service.new')}
            items={services.data?.items ?? []}
            head={
              <>
                <th scope="col">{t('appointments.concern')}</th>
                <th scope="col">{t('appointments.admin.duration')}</th>
                <th scope="col">{t('appointments.mode')}</th>
                <th scope="col">{t('appointments.admin.clerks')}</th>
                <th scope="col">{t('appointments.status')}</th>
              </>
            }
            row={(s, nameId) => (
              <>
                <td id={nameId}>{lang === 'en' ? s.nameEn : s.nameDe}</td>
                <td>{t('appointments.minutes', { minutes: s.durationMinutes })}</td>
                <td>{s.modes.map((m) => t(`appointments.modes.${m}`)).join(', ')}</td>
                <td>{s.clerkIds.map(clerkName).join(', ')}</td>
                <td>{yesNo(s.active)}</td>
              </>
            )}
            form={(s, done) => (
              <ServiceForm
                officeId={officeId}
                service={s}
                clerks={clerks.data?.items ?? []}
                onDone={(saved) => reloadAfter(services)(saved, done)}
              />
            )}
          />
          <EditableSection
            id="admin-clerks"
            title={t('appointmentAdmin.clerksOf', { office: office?.name ?? '' })}
            newLabel={t('appointmentAdmin.clerk.new')}
            items={clerks.data?.items ?? []}
            head={
              <>
                <th scope="col">{t('appointments.admin.person')}</th>
                <th scope="col">{t('appointments.admin.letters')}</th>
                <th scope="col">{t('appointments.admin.deputy')}</th>
                <th scope="col">{t('appointments.status')}</th>
              </>
            }
            row={(c, nameId) => (
              <>
                <th scope="row" id={nameId}>
                  {c.personName}
                </th>
                <td>{c.letters ? `${c.letters[0]}–${c.letters[1]}` : t('appointments.admin.allLetters')}</td>
                <td>{clerkName(c.deputyClerkId)}</td>
                <td>{yesNo(c.active)}</td>
              </>
            )}
            form={(c, done) => (
              <ClerkForm
                officeId={officeId}
                clerk={c}
                clerks={clerks.data?.items ?? []}
                onDone={(saved) => reloadAfter(clerks)(saved, done)}
              />
            )}
          />
          <StatisticsSection officeId={officeId} />
        </>
      )}
      <SettingsSection />
    </section>
  );
}
