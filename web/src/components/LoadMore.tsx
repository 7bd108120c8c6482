import type { TicketList } from '../hooks/useTicketList';
import { useT } from '../i18n/I18nProvider';

/** Count of shown tickets (announced politely) and the "Weitere laden" button. */
export function LoadMore({ list }: { list: TicketList }) {
  const t = useT();
  return (
    <div className="list-footer">
      <p role="status" className="muted">
        {list.loading ? t('app.loading') : t('list.count', { count: list.items.length })}
      </p>
      {list.hasMore && (
        <button
          type="button"
          className="button button--secondary"
          aria-disabled={list.loading || undefined}
          onClick={list.loadMore}
        >
          {t('list.loadMore')}
        </button>
      )}
    </div>
  );
}
