import { useState } from 'react';
import { useAnnounce } from '../../announcer';
import { type MeetingDetail, sendInvitation, updateMeeting } from '../../committees/api';
import { useT } from '../../i18n/I18nProvider';
import { Field } from '../Field';
import { checkRequired, type FormProblem, ProblemAlert, problemFrom } from '../ProblemAlert';

/** Chair and secretary: move or cancel a meeting with a reason, or send the invitation now. */
export function RescheduleForm({
  meeting,
  onChanged,
}: {
  meeting: MeetingDetail;
  onChanged: (d?: MeetingDetail) => void;
}) {
  const t = useT();
  const announce = useAnnounce();
  const [startsAt, setStartsAt] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const fields = {
    startsAt: { id: 'reschedule-start', label: t('committees.newStart') },
    reason: { id: 'reschedule-reason', label: t('committees.reason') },
  };
  const run = async (work: () => Promise<MeetingDetail>, message: string) => {
    setProblem(null);
    try {
      onChanged(await work());
      announce(message);
      setReason('');
    } catch (error) {
      setProblem(problemFrom(error));
      onChanged();
    }
  };
  const move = () => {
    const missing = checkRequired({ startsAt, reason }, t);
    if (missing) return setProblem(missing);
    void run(
      () =>
        updateMeeting(meeting.id, {
          version: meeting.version,
          startsAt: new Date(startsAt).toISOString(),
          reason,
        }),
      t('committees.movedNotice'),
    );
  };
  const cancel = () => {
    const missing = checkRequired({ reason }, t);
    if (missing) return setProblem(missing);
    void run(
      () => updateMeeting(meeting.id, { version: meeting.version, cancelled: true, reason }),
      t('committees.cancelledNotice'),
    );
  };
  return (
    <section aria-labelledby="reschedule-heading">
      <h2 id="reschedule-heading">{t('committees.rescheduleTitle')}</h2>
      <ProblemAlert problem={problem} fields={fields} />
      <form className="form" onSubmit={(event) => event.preventDefault()} noValidate>
        <Field id={fields.startsAt.id} label={fields.startsAt.label} error={problem?.fieldErrors.startsAt}>
          {(control) => (
            <input
              {...control}
              type="datetime-local"
              value={startsAt}
              onChange={(e) => setStartsAt(e.target.value)}
            />
          )}
        </Field>
        <Field id={fields.reason.id} label={fields.reason.label} error={problem?.fieldErrors.reason}>
          {(control) => <input {...control} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <div className="button-row">
          <button type="button" className="button button--secondary" onClick={move}>
            {t('committees.move')}
          </button>
          <button type="button" className="button button--secondary" onClick={cancel}>
            {t('committees.cancel')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void run(() => sendInvitation(meeting.id), t('committees.invited'))}
          >
            {t('committees.invite')}
          </button>
        </div>
      </form>
    </section>
  );
}
