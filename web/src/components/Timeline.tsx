import { type MessageKey, type Translate, useT } from '../i18n/I18nProvider';
import { type Article, type HistoryEntry, priorities } from '../types';
import { AttachmentList } from './AttachmentList';
import { DateTime } from './DateTime';

// Articles and field changes in one chronological list. Internal notes are marked in words and
// by style; bodies are plain text (never HTML) with their line breaks kept by CSS.

const historyFields: Record<string, MessageKey> = {
  state: 'history.state',
  assignee: 'history.assignee',
  group: 'history.group',
  priority: 'history.priority',
  topic: 'history.topic',
  title: 'history.title',
  processType: 'history.processType',
  dueAt: 'history.dueAt',
};

type Entry = { at: string; article: Article } | { at: string; change: HistoryEntry; index: number };

export function Timeline({ articles, history }: { articles: Article[]; history: HistoryEntry[] }) {
  const t = useT();
  const entries: Entry[] = [
    ...articles.map((article) => ({ at: article.createdAt, article })),
    ...history.map((change, index) => ({ at: change.createdAt, change, index })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  if (entries.length === 0) return <p>{t('timeline.empty')}</p>;
  return (
    <ol className="timeline">
      {entries.map((entry) =>
        'article' in entry ? (
          <ArticleEntry key={`a-${entry.article.id}`} article={entry.article} />
        ) : (
          <ChangeEntry key={`h-${entry.index}`} change={entry.change} />
        ),
      )}
    </ol>
  );
}

function articleLabel(article: Article): MessageKey {
  if (article.internal || article.kind === 'note') return 'timeline.note';
  if (article.kind === 'system') return 'timeline.system';
  return article.sender === 'requester' ? 'timeline.message' : 'timeline.reply';
}

function ArticleEntry({ article }: { article: Article }) {
  const t = useT();
  const internal = article.internal || article.kind === 'note';
  const variant = internal ? 'entry--internal' : `entry--${article.kind}`;
  return (
    <li className={`entry ${variant}`}>
      <h3 className="entry__meta">
        <span className={internal ? 'badge badge--internal' : 'badge'}>{t(articleLabel(article))}</span>{' '}
        <span>{article.author?.name ?? t('timeline.systemAuthor')}</span>
        {article.senderVerified === false && (
          <>
            {' '}
            <span className="badge badge--unverified" title={t('timeline.senderUnverifiedHint')}>
              {t('timeline.senderUnverified')}
            </span>
          </>
        )}
        <span className="muted">
          {', '}
          <DateTime value={article.createdAt} />
        </span>
      </h3>
      <div className="entry__body">{article.body}</div>
      <AttachmentList attachments={article.attachments} label={t('attachments.ofEntry')} />
    </li>
  );
}

/** Priorities are translated here; other values come with a display name from the server. */
function displayValue(field: string, value: string | null, label: string | null, t: Translate): string {
  if (value === null) return t('timeline.emptyValue');
  const priority = priorities.find((candidate) => candidate === value);
  if (field === 'priority' && priority) return t(`priority.${priority}`);
  return label ?? value;
}

function ChangeEntry({ change }: { change: HistoryEntry }) {
  const t = useT();
  const fieldKey = historyFields[change.field];
  const actor = change.actor?.name ?? t('timeline.systemAuthor');
  const text =
    change.field === 'created'
      ? t('timeline.created', { actor, number: change.newValue ?? '' })
      : t('timeline.change', {
          actor,
          field: fieldKey ? t(fieldKey) : change.field,
          old: displayValue(change.field, change.oldValue, change.oldLabel, t),
          new: displayValue(change.field, change.newValue, change.newLabel, t),
        });
  return (
    <li className="entry entry--change">
      <p>
        {text}
        <span className="muted">
          {', '}
          <DateTime value={change.createdAt} />
        </span>
      </p>
    </li>
  );
}
