import { type FormEvent, useState } from 'react';
import { listApplications, listResponsibilityModels } from '../../api-assets';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useResource } from '../../hooks/useResource';
import { type MessageKey, useT } from '../../i18n/I18nProvider';

const duties = ['operation', 'updates', 'userAdmin', 'firstLevelSupport', 'vendorContact', 'licences'];

/** The register of specialist applications: who is responsible for what, readable by everyone. */
export function ApplicationsPage() {
  const t = useT();
  usePageTitle(t('equipment.applications.title'));
  const [draft, setDraft] = useState('');
  const [model, setModel] = useState('');
  const apps = useResource(
    (signal) => listApplications({ responsibilityModel: model || undefined }, signal),
    model,
  );
  const models = useResource((signal) => listResponsibilityModels(signal), 'models');
  const holder = (h: string) => t(`equipment.applications.holders.${h}` as MessageKey);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setModel(draft);
  };

  return (
    <>
      <h1>{t('equipment.applications.title')}</h1>
      <p>{t('equipment.applications.intro')}</p>
      <search aria-label={t('equipment.applications.filter')}>
        <form className="filters" onSubmit={submit}>
          <div className="field">
            <label htmlFor="app-model">{t('equipment.applications.model')}</label>
            <select id="app-model" value={draft} onChange={(e) => setDraft(e.target.value)}>
              <option value="">{t('equipment.applications.allModels')}</option>
              {models.data?.items.map((m) => (
                <option key={m.key} value={m.key}>
                  {m.code}: {m.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            {t('equipment.applications.apply')}
          </button>
        </form>
      </search>
      <ProblemAlert problem={apps.error && { error: apps.error, fieldErrors: {} }} focus={false} />
      {apps.data && apps.data.items.length === 0 && <p>{t('equipment.applications.empty')}</p>}
      {apps.data && apps.data.items.length > 0 && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table scrolls; keyboard users must reach it (WCAG 2.1.1)
        <section className="table-wrap" tabIndex={0} aria-label={t('equipment.applications.caption')}>
          <table>
            <caption className="visually-hidden">{t('equipment.applications.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('equipment.applications.name')}</th>
                <th scope="col">{t('equipment.applications.model')}</th>
                <th scope="col">{t('equipment.applications.owner')}</th>
                <th scope="col">{t('equipment.applications.businessContact')}</th>
                <th scope="col">{t('equipment.applications.itContact')}</th>
                <th scope="col">{t('equipment.applications.licences')}</th>
                <th scope="col">{t('equipment.applications.criticality')}</th>
              </tr>
            </thead>
            <tbody>
              {apps.data.items.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    {a.name}
                    <br />
                    <small>{a.vendor}</small>
                  </th>
                  <td>
                    {a.responsibilityModel.code}: {a.responsibilityModel.name}
                  </td>
                  <td>{a.ownerOrgUnit.name}</td>
                  <td>
                    {a.businessContact.position
                      ? `${a.businessContact.position.positionNumber} – ${a.businessContact.position.title}`
                      : (a.businessContact.person?.name ?? '–')}
                  </td>
                  <td>
                    {[a.itGroup?.name, a.itContact.position?.positionNumber, a.itContact.person?.name]
                      .filter(Boolean)
                      .join(', ') || '–'}
                  </td>
                  <td>
                    {a.licences.count !== null
                      ? t('equipment.applications.licencesValue', {
                          used: a.licences.used ?? 0,
                          count: a.licences.count,
                        })
                      : '–'}
                  </td>
                  <td>{t(`equipment.applications.criticalities.${a.criticality}` as MessageKey)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <h2>{t('equipment.applications.models')}</h2>
      {models.data && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table scrolls; keyboard users must reach it (WCAG 2.1.1)
        <section className="table-wrap" tabIndex={0} aria-label={t('equipment.applications.modelsCaption')}>
          <table>
            <caption className="visually-hidden">{t('equipment.applications.modelsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('equipment.applications.model')}</th>
                {duties.map((d) => (
                  <th scope="col" key={d}>
                    {t(`equipment.applications.duties.${d}` as MessageKey)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {models.data.items.map((m) => (
                <tr key={m.key}>
                  <th scope="row">
                    {m.code}: {m.name}
                    <br />
                    <small>{m.description}</small>
                  </th>
                  {duties.map((d) => (
                    <td key={d}>{holder(m.duties[d])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
