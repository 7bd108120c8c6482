import { getMyAssets } from '../../api-assets';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useResource } from '../../hooks/useResource';
import { useT } from '../../i18n/I18nProvider';
import { Link } from '../../router';
import { AssetTable } from './AssetTable';
import { positionHref } from './labels';

/** "Meine Ausstattung": what the caller's current positions have — derived, never assigned to people. */
export function MyEquipmentPage() {
  const t = useT();
  usePageTitle(t('equipment.mine.title'));
  const mine = useResource((signal) => getMyAssets(signal), 'my-assets');
  return (
    <>
      <h1>{t('equipment.mine.title')}</h1>
      <p>{t('equipment.mine.intro')}</p>
      <ProblemAlert problem={mine.error && { error: mine.error, fieldErrors: {} }} focus={false} />
      {mine.data && mine.data.positions.length === 0 && <p>{t('equipment.mine.none')}</p>}
      {mine.data?.positions.map((p) => (
        <section key={p.positionNumber} aria-labelledby={`pos-${p.positionNumber}`}>
          <h2 id={`pos-${p.positionNumber}`}>
            {t('equipment.mine.positionHeading', { positionNumber: p.positionNumber, title: p.title })}
          </h2>
          <p>
            <Link href={positionHref(p.positionNumber)}>{t('equipment.mine.details')}</Link>
          </p>
          {p.assets.length === 0 ? (
            <p>{t('equipment.mine.empty')}</p>
          ) : (
            <AssetTable
              assets={p.assets}
              caption={t('equipment.mine.caption', { positionNumber: p.positionNumber })}
              showPosition={false}
              linkAssets={false}
            />
          )}
        </section>
      ))}
    </>
  );
}
