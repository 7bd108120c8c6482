import { type FormEvent, useState } from 'react';
import { useAnnounce } from '../announcer';
import {
  addAgendaItem,
  approveMinutes,
  getMeeting,
  type MeetingDetail,
  minutesPdfUrl,
} from '../committees/api';
import { AgendaItemCard } from '../components/committees/AgendaItemCard';
import { RescheduleForm } from '../components/committees/RescheduleForm';
import { Field } from '../components/Field';
import { checkRequired, type FormProblem, ProblemAlert, problemFrom } from '../components/ProblemAlert';
import { formatDateTime } from '../format';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { useLanguage, useT } from '../i18n/I18nProvider';
import { Link } from '../router';
import { NotFoundPage } from './NotFoundPage';

export function MeetingPage({ id }: { id: number }) {
  const t = useT();
  const { lang } = useLanguage();
  const resource = useResource((signal) => getMeeting(id, signal), `meeting-${id}`);
  const m = resource.data;
  const heading = m
    ? t('committees.meetingHeading', { committee: m.committeeName, date: formatDateTime(m.startsAt, lang) })
    : t('app.loading');
  usePageTitle(heading);
  if (resource.error?.status === 404) return <NotFoundPage />;
  const changed = (detail?: MeetingDetail) => (detail ? resource.replace(detail) : resource.reload());
  const open = m?.agendaItems.filter((i) => i.state === 'open') ?? [];
  const closed = m?.agendaItems.filter((i) => i.state !== 'open') ?? [];
  return (
    <>
      {m && (
        <p>
          <Link href={`/committees/${m.committeeId}`}>
            {t('committees.backToCommittee', { name: m.committeeName })}
          </Link>
        </p>
      )}
      <h1>{heading}</h1>
      <ProblemAlert problem={resource.error && { error: resource.error, fieldErrors: {} }} focus={false} />
      {m && (
        <>
          <dl className="facts">
            <dt>{t('committees.state')}</dt>
            <dd>{t(`committees.meetingState.${m.state}`)}</dd>
            {m.changeReason && (
              <>
                <dt>{t('committees.changeReason')}</dt>
                <dd>{m.changeReason}</dd>
              </>
            )}
            {m.location && (
              <>
                <dt>{t('committees.location')}</dt>
                <dd>{m.location}</dd>
              </>
            )}
            <dt>{t('committees.minutes')}</dt>
            <dd>{t(`committees.minutesState.${m.minutesState}`)}</dd>
          </dl>
          {m.minutesState === 'approved' && (
            <div className="notice notice--success">
              <p>{t('committees.approvedNotice')}</p>
              {m.hasPdf && (
                <p>
                  <a href={minutesPdfUrl(m.id)} download>
                    {t('committees.pdf')}
                  </a>
                </p>
              )}
            </div>
          )}
          <h2>{t('committees.agendaTitle')}</h2>
          {open.length === 0 && <p>{t('committees.agendaEmpty')}</p>}
          {open.map((item, i) => (
            <AgendaItemCard
              key={item.id}
              item={item}
              n={i + 1}
              count={open.length}
              meeting={m}
              onChanged={changed}
            />
          ))}
          {closed.length > 0 && (
            <>
              <h2>{t('committees.closedItems')}</h2>
              <ul>
                {closed.map((item) => (
                  <li key={item.id}>
                    {item.title}:{' '}
                    {item.state === 'deferred'
                      ? t('committees.deferred')
                      : t('committees.removed', { reason: item.removedReason ?? '' })}
                  </li>
                ))}
              </ul>
            </>
          )}
          {m.can.edit && <AddItemForm meetingId={m.id} onChanged={changed} />}
          {m.can.edit && <ApproveSection meetingId={m.id} onChanged={changed} />}
          {m.can.edit && Date.parse(m.endsAt) > Date.now() && (
            <RescheduleForm meeting={m} onChanged={changed} />
          )}
        </>
      )}
    </>
  );
}

function AddItemForm({
  meetingId,
  onChanged,
}: {
  meetingId: number;
  onChanged: (d?: MeetingDetail) => void;
}) {
  const t = useT();
  const [title, setTitle] = useState('');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = checkRequired({ title }, t);
    if (missing) return setProblem(missing);
    setProblem(null);
    try {
      onChanged(await addAgendaItem(meetingId, { title }));
      setTitle('');
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  return (
    <section aria-labelledby="add-item-heading">
      <h2 id="add-item-heading">{t('committees.addItemTitle')}</h2>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <ProblemAlert
          problem={problem}
          fields={{ title: { id: 'add-item-title', label: t('committees.itemTitle') } }}
        />
        <Field id="add-item-title" label={t('committees.itemTitle')} error={problem?.fieldErrors.title}>
          {(control) => <input {...control} value={title} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
        <button type="submit" className="button button--secondary">
          {t('committees.addItem')}
        </button>
      </form>
    </section>
  );
}

function ApproveSection({
  meetingId,
  onChanged,
}: {
  meetingId: number;
  onChanged: (d?: MeetingDetail) => void;
}) {
  const t = useT();
  const announce = useAnnounce();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const approve = async () => {
    setProblem(null);
    try {
      onChanged(await approveMinutes(meetingId));
      announce(t('committees.approvedNotice'));
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  return (
    <section aria-labelledby="approve-heading">
      <h2 id="approve-heading">{t('committees.approveTitle')}</h2>
      <ProblemAlert problem={problem} />
      <p>{t('committees.approveHint')}</p>
      <button type="button" className="button" onClick={() => void approve()}>
        {t('committees.approve')}
      </button>
    </section>
  );
}
