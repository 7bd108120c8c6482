import { type FormEvent, useState } from 'react';
import { type Asset, listAssets } from '../../api-assets';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useResource } from '../../hooks/useResource';
import { useT } from '../../i18n/I18nProvider';
import { Link } from '../../router';
import { AssetTable } from './AssetTable';
import { statusName, typeName } from './labels';

const types = [
  'laptop',
  'desktop',
  'thinClient',
  'monitor',
  'dockingStation',
  'smartphone',
  'mobilePhone',
  'tablet',
  'deskPhone',
  'headset',
  'printer',
  'scanner',
  'licence',
  'other',
];
const statuses = ['ordered', 'inStock', 'issued', 'inRepair', 'retired', 'disposed'];

type Filters = { q?: string; type?: string; status?: string; orgUnit?: string; positionNumber?: string };

/** The asset list for IT: filters (type, status, org unit with subtree, position, search), 50 a page. */
export function AssetListPage() {
  const t = useT();
  usePageTitle(t('equipment.list.title'));
  const [draft, setDraft] = useState<Filters>({});
  const [filters, setFilters] = useState<Filters>({});
  const [pages, setPages] = useState<{ key: string; items: Asset[]; next: string | null }[]>([]);
  const key = JSON.stringify(filters);
  const first = useResource((signal) => listAssets(filters, signal), key);
  const extra = pages.filter((p) => p.key === key);
  const items = [...(first.data?.items ?? []), ...extra.flatMap((p) => p.items)];
  const next = extra.length ? (extra.at(-1)?.next ?? null) : (first.data?.nextCursor ?? null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPages([]);
    setFilters({ ...draft });
  };
  const more = async () => {
    if (!next) return;
    const page = await listAssets({ ...filters, cursor: next });
    setPages((ps) => [...ps, { key, items: page.items, next: page.nextCursor }]);
  };
  const set = (name: keyof Filters) => (event: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [name]: event.target.value || undefined }));

  return (
    <>
      <div className="page-head">
        <h1>{t('equipment.list.title')}</h1>
        <Link href="/assets/import" className="button">
          {t('equipment.list.import')}
        </Link>
      </div>
      <search aria-label={t('equipment.list.filter')}>
        <form className="filters" onSubmit={submit}>
          <div className="field">
            <label htmlFor="asset-q">{t('equipment.list.search')}</label>
            <input id="asset-q" type="search" value={draft.q ?? ''} onChange={set('q')} />
          </div>
          <div className="field">
            <label htmlFor="asset-type">{t('equipment.fields.type')}</label>
            <select id="asset-type" value={draft.type ?? ''} onChange={set('type')}>
              <option value="">{t('equipment.list.allTypes')}</option>
              {types.map((x) => (
                <option key={x} value={x}>
                  {typeName(t, x)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="asset-status">{t('equipment.fields.status')}</label>
            <select id="asset-status" value={draft.status ?? ''} onChange={set('status')}>
              <option value="">{t('equipment.list.allStatuses')}</option>
              {statuses.map((x) => (
                <option key={x} value={x}>
                  {statusName(t, x)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="asset-org">{t('equipment.list.orgUnit')}</label>
            <input id="asset-org" value={draft.orgUnit ?? ''} onChange={set('orgUnit')} />
          </div>
          <div className="field">
            <label htmlFor="asset-position">{t('equipment.fields.positionNumber')}</label>
            <input id="asset-position" value={draft.positionNumber ?? ''} onChange={set('positionNumber')} />
          </div>
          <button type="submit" className="button">
            {t('equipment.list.apply')}
          </button>
        </form>
      </search>
      <ProblemAlert problem={first.error && { error: first.error, fieldErrors: {} }} focus={false} />
      {first.data && items.length === 0 ? (
        <p>{t('equipment.list.empty')}</p>
      ) : (
        <AssetTable assets={items} caption={t('equipment.list.caption')} />
      )}
      {next && (
        <button type="button" className="button button--secondary" onClick={() => void more()}>
          {t('equipment.list.more')}
        </button>
      )}
    </>
  );
}
