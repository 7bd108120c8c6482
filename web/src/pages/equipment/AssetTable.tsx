import type { Asset } from '../../api-assets';
import { useLanguage, useT } from '../../i18n/I18nProvider';
import { Link } from '../../router';
import { assetHref, formatDay, positionHref, statusName, typeName } from './labels';

/** Assets as a table; the inventory number links to the asset page for those who may open it. */
export function AssetTable({
  assets,
  caption,
  showPosition = true,
  linkAssets = true,
}: {
  assets: Asset[];
  caption: string;
  showPosition?: boolean;
  linkAssets?: boolean;
}) {
  const t = useT();
  const { lang } = useLanguage();
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('equipment.fields.inventoryNumber')}</th>
            <th scope="col">{t('equipment.fields.type')}</th>
            <th scope="col">{t('equipment.fields.model')}</th>
            <th scope="col">{t('equipment.fields.serialNumber')}</th>
            <th scope="col">{t('equipment.fields.status')}</th>
            {showPosition && <th scope="col">{t('equipment.fields.position')}</th>}
            <th scope="col">{t('equipment.fields.warrantyEnd')}</th>
          </tr>
        </thead>
        <tbody>
          {assets.map((a) => (
            <tr key={a.inventoryNumber}>
              <th scope="row">
                {linkAssets ? (
                  <Link href={assetHref(a.inventoryNumber)}>{a.inventoryNumber}</Link>
                ) : (
                  a.inventoryNumber
                )}
              </th>
              <td>{typeName(t, a.type)}</td>
              <td>{[a.manufacturer, a.model].filter(Boolean).join(' ') || '–'}</td>
              <td>{a.serialNumber ?? '–'}</td>
              <td>{statusName(t, a.status)}</td>
              {showPosition && (
                <td>
                  {a.position ? (
                    <Link href={positionHref(a.position.positionNumber)}>
                      {a.position.positionNumber} – {a.position.title}
                    </Link>
                  ) : (
                    t('equipment.list.unassigned')
                  )}
                </td>
              )}
              <td>{formatDay(a.warrantyEnd, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
