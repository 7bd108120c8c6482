import { getPosition } from '../../api-assets';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useResource } from '../../hooks/useResource';
import { useLanguage, useT } from '../../i18n/I18nProvider';
import { AssetTable } from './AssetTable';
import { formatDay, positionTypeName, typeName } from './labels';

/** One position: facts, holders over time, its equipment and the should/is of its profile. */
export function PositionPage({ positionNumber }: { positionNumber: string }) {
  const t = useT();
  const { lang } = useLanguage();
  usePageTitle(t('equipment.position.title', { positionNumber }));
  const position = useResource((signal) => getPosition(positionNumber, signal), positionNumber);
  const p = position.data;
  return (
    <>
      <h1>
        {t('equipment.position.title', { positionNumber })}
        {p ? `: ${p.title}` : ''}
      </h1>
      <ProblemAlert problem={position.error && { error: position.error, fieldErrors: {} }} focus={false} />
      {p && (
        <>
          <h2>{t('equipment.position.facts')}</h2>
          <dl className="facts">
            <dt>{t('equipment.fields.orgUnit')}</dt>
            <dd>{p.orgUnit.name}</dd>
            <dt>{t('equipment.position.positionType')}</dt>
            <dd>{positionTypeName(t, p.positionType)}</dd>
            <dt>{t('equipment.position.fte')}</dt>
            <dd>{Math.round(p.fte * 100)} %</dd>
            <dt>{t('equipment.position.state')}</dt>
            <dd>{p.vacant ? t('equipment.position.vacant') : t('equipment.position.occupied')}</dd>
          </dl>

          <h2>{t('equipment.position.holders')}</h2>
          {p.holders.length === 0 ? (
            <p>{t('equipment.position.noHolders')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('equipment.position.holdersCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('equipment.position.person')}</th>
                    <th scope="col">{t('equipment.position.from')}</th>
                    <th scope="col">{t('equipment.position.to')}</th>
                    <th scope="col">{t('equipment.position.share')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.holders.map((h) => (
                    <tr key={`${h.person.id}-${h.validFrom}`}>
                      <th scope="row">
                        {h.person.name}
                        {h.current ? ` (${t('equipment.position.current')})` : ''}
                      </th>
                      <td>{formatDay(h.validFrom, lang)}</td>
                      <td>{formatDay(h.validTo, lang)}</td>
                      <td>{Math.round(h.share * 100)} %</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <h2>{t('equipment.position.assets')}</h2>
          {!p.can.viewEquipment ? (
            <p>{t('equipment.position.equipmentHidden')}</p>
          ) : (
            <>
              {p.assets.length === 0 ? (
                <p>{t('equipment.position.noAssets')}</p>
              ) : (
                <AssetTable
                  assets={p.assets}
                  caption={t('equipment.position.assetsCaption')}
                  showPosition={false}
                  linkAssets={p.can.manage}
                />
              )}

              <h2>{t('equipment.position.shouldIs')}</h2>
              <p>
                {t('equipment.position.summary', {
                  missing: p.shouldIs.missing,
                  surplus: p.shouldIs.surplus,
                })}
              </p>
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">{t('equipment.position.shouldIsCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('equipment.fields.type')}</th>
                      <th scope="col">{t('equipment.position.should')}</th>
                      <th scope="col">{t('equipment.position.is')}</th>
                      <th scope="col">{t('equipment.position.missing')}</th>
                      <th scope="col">{t('equipment.position.surplus')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.shouldIs.lines.map((l) => (
                      <tr key={l.assetType}>
                        <th scope="row">{typeName(t, l.assetType)}</th>
                        <td>{l.should}</td>
                        <td>{l.is}</td>
                        <td>{l.missing}</td>
                        <td>{l.surplus}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      )}
    </>
  );
}
