import { type Committee, listCommittees } from '../committees/api';
import { DateTime } from '../components/DateTime';
import { ProblemAlert } from '../components/ProblemAlert';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { type Translate, useT } from '../i18n/I18nProvider';
import { Link } from '../router';

export function rhythmText(c: Committee, t: Translate): string {
  const weekday = t(`committees.weekday.${c.rhythm.weekday}` as Parameters<Translate>[0]);
  const text = t('committees.rhythmText', { weeks: c.rhythm.everyWeeks, weekday, time: c.rhythm.startTime });
  return c.rhythm.alternatesWith
    ? `${text} (${t('committees.alternates', { name: c.rhythm.alternatesWith.name })})`
    : text;
}

export function CommitteesPage() {
  const t = useT();
  usePageTitle(t('committees.title'));
  const resource = useResource((signal) => listCommittees(signal), 'committees');
  const items = resource.data?.items ?? [];
  return (
    <>
      <h1>{t('committees.title')}</h1>
      <p>{t('committees.intro')}</p>
      <ProblemAlert problem={resource.error && { error: resource.error, fieldErrors: {} }} focus={false} />
      {resource.loading && !resource.data && <p>{t('app.loading')}</p>}
      {resource.data && items.length === 0 && <p>{t('committees.empty')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('committees.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('committees.name')}</th>
                <th scope="col">{t('committees.chair')}</th>
                <th scope="col">{t('committees.rhythm')}</th>
                <th scope="col">{t('committees.nextMeeting')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link href={`/committees/${c.id}`}>{c.name}</Link>
                    <br />
                    <span className="muted">
                      {t(`committees.kind.${c.kind}`)}
                      {c.orgUnit ? ` · ${c.orgUnit.name}` : ''}
                    </span>
                  </th>
                  <td>{c.chair.name}</td>
                  <td>{rhythmText(c, t)}</td>
                  <td>
                    {c.nextMeeting ? (
                      <Link href={`/meetings/${c.nextMeeting.id}`}>
                        <DateTime value={c.nextMeeting.startsAt} />
                      </Link>
                    ) : (
                      t('committees.none')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
