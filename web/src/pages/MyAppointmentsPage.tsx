import { type FormEvent, Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { useAnnounce } from '../announcer';
import {
  type AppointmentView,
  type ClerkAppointment,
  type ConsultationMode,
  cancelClerkAppointment,
  forwardClerkAppointment,
  listCalendarFeeds,
  listForwardCandidates,
  listMyAppointmentRange,
  listRebookSlots,
  type RebookSlotPage,
  rebookClerkAppointment,
  recordAppointmentOutcome,
} from '../api';
import { AppointmentDocuments } from '../components/AppointmentDocuments';
import { Field } from '../components/Field';
import { type FormProblem, ProblemAlert, problemFrom } from '../components/ProblemAlert';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { localeOf, useLanguage, useT } from '../i18n/I18nProvider';

const TIME_ZONE = 'Europe/Berlin';
const MODES: ConsultationMode[] = ['inPerson', 'phone', 'video'];

// Local calendar days as "YYYY-MM-DD" strings; arithmetic on UTC dates, so no DST surprises.
const pad = (n: number) => String(n).padStart(2, '0');
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
const utcDay = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
};
const addDays = (day: string, n: number) => {
  const d = utcDay(day);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const mondayOf = (day: string) => addDays(day, -((utcDay(day).getUTCDay() + 6) % 7));
/** the Berlin calendar day of an instant */
const berlinDay = (instant: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instant));

type Panel = { id: number; kind: 'rebook' | 'forward' } | null;

/** "Meine Termine": the signed-in clerk's appointments of a day or a week, one section per day. */
export function MyAppointmentsPage() {
  const t = useT();
  const { lang } = useLanguage();
  const locale = localeOf(lang);
  usePageTitle(t('appointments.mineTitle'));
  const [date, setDate] = useState(today());
  const [view, setView] = useState<AppointmentView>('day');
  const [scope, setScope] = useState<'mine' | 'office'>('mine');
  const list = useResource(
    (signal) => listMyAppointmentRange(date, view, signal, scope),
    `my-appointments-${date}-${view}-${scope}`,
  );
  const feeds = useResource((signal) => listCalendarFeeds(signal), 'calendar-feeds');
  const announce = useAnnounce();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [panel, setPanel] = useState<Panel>(null);

  const days = useMemo(
    () => (view === 'week' ? Array.from({ length: 7 }, (_, i) => addDays(mondayOf(date), i)) : [date]),
    [date, view],
  );
  const byDay = useMemo(() => {
    const groups = new Map<string, ClerkAppointment[]>(days.map((d) => [d, []]));
    for (const a of list.data?.items ?? []) groups.get(berlinDay(a.startsAt))?.push(a);
    return groups;
  }, [list.data, days]);

  const dayLabel = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' });
  const shortDay = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: TIME_ZONE });
  const when = new Intl.DateTimeFormat(locale, {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  });
  const rangeLabel =
    view === 'week'
      ? t('appointmentsClerk.weekHeading', {
          from: shortDay.format(utcDay(days[0])),
          to: shortDay.format(utcDay(days[6])),
        })
      : dayLabel.format(utcDay(date));

  const step = view === 'week' ? 7 : 1;
  const go = (next: string) => {
    setPanel(null);
    setDate(next);
  };

  const act = async (a: ClerkAppointment, action: 'cancel' | 'done' | 'noShow') => {
    setProblem(null);
    try {
      if (action === 'cancel') await cancelClerkAppointment(a.id);
      else await recordAppointmentOutcome(a.id, action);
      announce(t('appointments.saved', { number: a.bookingNumber }));
      list.reload();
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  const finished = (message: string) => {
    setPanel(null);
    announce(message);
    list.reload();
  };

  return (
    <section>
      <h1>{t('appointments.mineTitle')}</h1>
      <nav aria-label={t('appointmentsClerk.navigation')} className="filters">
        <fieldset className="field">
          <legend>{t('appointmentsClerk.viewLabel')}</legend>
          <span className="button-row">
            {(['day', 'week'] as const).map((v) => (
              <button
                key={v}
                type="button"
                className={view === v ? 'button' : 'button button--secondary'}
                aria-pressed={view === v}
                onClick={() => {
                  setPanel(null);
                  setView(v);
                }}
              >
                {t(v === 'day' ? 'appointmentsClerk.dayView' : 'appointmentsClerk.weekView')}
              </button>
            ))}
          </span>
        </fieldset>
        <Field id="mine-scope" label={t('appointmentsClerk.scope')}>
          {(control) => (
            <select
              {...control}
              value={scope}
              onChange={(event) => {
                setPanel(null);
                setScope(event.target.value as 'mine' | 'office');
              }}
            >
              <option value="mine">{t('appointmentsClerk.scopeMine')}</option>
              <option value="office">{t('appointmentsClerk.scopeOffice')}</option>
            </select>
          )}
        </Field>
        <Field id="mine-date" label={t('appointments.date')}>
          {(control) => (
            <input
              {...control}
              type="date"
              value={date}
              onChange={(event) => go(event.target.value || today())}
            />
          )}
        </Field>
        <span className="button-row">
          <button type="button" className="button button--secondary" onClick={() => go(addDays(date, -step))}>
            {t(view === 'week' ? 'appointmentsClerk.previousWeek' : 'appointmentsClerk.previousDay')}
          </button>
          <button type="button" className="button button--secondary" onClick={() => go(today())}>
            {t('appointmentsClerk.today')}
          </button>
          <button type="button" className="button button--secondary" onClick={() => go(addDays(date, step))}>
            {t(view === 'week' ? 'appointmentsClerk.nextWeek' : 'appointmentsClerk.nextDay')}
          </button>
        </span>
      </nav>
      <p aria-live="polite" className="muted">
        {t('appointmentsClerk.showing', { range: rangeLabel })}
      </p>
      {list.error && <ProblemAlert problem={{ error: list.error, fieldErrors: {} }} focus={false} />}
      <ProblemAlert problem={problem} />
      {list.data &&
        days.map((day) => {
          const items = byDay.get(day) ?? [];
          const headingId = `day-${day}`;
          return (
            <section key={day} aria-labelledby={headingId} className="appointment-day">
              <h2 id={headingId}>{dayLabel.format(utcDay(day))}</h2>
              {items.length === 0 ? (
                <p>{view === 'week' ? t('appointmentsClerk.noneThatDay') : t('appointments.none')}</p>
              ) : (
                <div className="table-wrap">
                  <table aria-labelledby={headingId}>
                    <thead>
                      <tr>
                        <th scope="col">{t('appointments.when')}</th>
                        <th scope="col">{t('appointments.citizen')}</th>
                        <th scope="col">{t('appointments.concern')}</th>
                        <th scope="col">{t('appointments.mode')}</th>
                        <th scope="col">{t('appointments.status')}</th>
                        <th scope="col">{t('appointments.actions')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {items.map((a) => {
                        const upcoming = a.status === 'confirmed' && new Date(a.startsAt) > new Date();
                        const own = a.own !== false;
                        const begun = a.status === 'confirmed' && !upcoming && own;
                        const open = panel?.id === a.id ? panel.kind : null;
                        const toggle = (kind: 'rebook' | 'forward') => {
                          setProblem(null);
                          setPanel(open === kind ? null : { id: a.id, kind });
                        };
                        return (
                          <Fragment key={a.id}>
                            <tr>
                              <td>
                                {time.format(new Date(a.startsAt))}–{time.format(new Date(a.endsAt))}
                                <br />
                                <span className="muted">{a.bookingNumber}</span>
                              </td>
                              <td>
                                {a.citizenName}
                                {!own && a.clerkName && (
                                  <>
                                    <br />
                                    <span className="muted">
                                      {t('appointmentsClerk.clerkOf', { name: a.clerkName })}
                                    </span>
                                  </>
                                )}
                                {a.citizenPhone && (
                                  <>
                                    <br />
                                    {a.citizenPhone}
                                  </>
                                )}
                              </td>
                              <td>
                                {a.services.join(', ')}
                                {/* the citizen's documents: the API sends them only to who may read them */}
                                {a.documents && (
                                  <AppointmentDocuments
                                    appointmentId={a.id}
                                    bookingNumber={a.bookingNumber}
                                    documents={a.documents}
                                  />
                                )}
                              </td>
                              <td>
                                {t(`appointments.modes.${a.mode}`)}
                                {a.videoUrl && (
                                  <>
                                    <br />
                                    <a href={a.videoUrl}>{t('appointments.videoLink')}</a>
                                  </>
                                )}
                              </td>
                              <td>
                                {t(`appointments.statuses.${a.status as 'held'}`)}
                                {a.flag && (
                                  <span className="badge badge--overdue">{t('appointments.noDeputy')}</span>
                                )}
                              </td>
                              <td>
                                {upcoming && (
                                  <span className="button-row">
                                    {(['rebook', 'forward'] as const).map((kind) => (
                                      <RowAction
                                        key={kind}
                                        label={t(`appointmentsClerk.${kind}`)}
                                        bookingNumber={a.bookingNumber}
                                        expanded={open === kind}
                                        controls={open === kind ? `panel-${a.id}` : undefined}
                                        onClick={() => toggle(kind)}
                                      />
                                    ))}
                                    {own && (
                                      <RowAction
                                        label={t('appointments.cancel')}
                                        bookingNumber={a.bookingNumber}
                                        onClick={() => void act(a, 'cancel')}
                                      />
                                    )}
                                  </span>
                                )}
                                {begun && (
                                  <span className="button-row">
                                    <RowAction
                                      label={t('appointments.done')}
                                      bookingNumber={a.bookingNumber}
                                      onClick={() => void act(a, 'done')}
                                    />
                                    <RowAction
                                      label={t('appointments.markNoShow')}
                                      bookingNumber={a.bookingNumber}
                                      onClick={() => void act(a, 'noShow')}
                                    />
                                  </span>
                                )}
                              </td>
                            </tr>
                            {open && (
                              <tr>
                                <td colSpan={6}>
                                  {open === 'rebook' ? (
                                    <RebookPanel
                                      appointment={a}
                                      onClose={() => setPanel(null)}
                                      onDone={(result) =>
                                        finished(
                                          t('appointmentsClerk.rebooked', {
                                            number: a.bookingNumber,
                                            when: when.format(new Date(result.startsAt)),
                                          }),
                                        )
                                      }
                                    />
                                  ) : (
                                    <ForwardPanel
                                      appointment={a}
                                      onClose={() => setPanel(null)}
                                      onDone={(name) =>
                                        finished(
                                          t('appointmentsClerk.forwarded', { number: a.bookingNumber, name }),
                                        )
                                      }
                                    />
                                  )}
                                </td>
                              </tr>
                            )}
                          </Fragment>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          );
        })}
      {feeds.data && feeds.data.items.length > 0 && (
        <>
          <h2>{t('appointments.feedTitle')}</h2>
          <p>{t('appointments.feedHint')}</p>
          <ul>
            {feeds.data.items.map((f) => (
              <li key={f.url}>
                {f.officeName}: <code>{f.url}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Focus the panel's heading when it opens, so keyboard and screen-reader users land in it. */
function usePanelFocus() {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return heading;
}

function RebookPanel({
  appointment: a,
  onClose,
  onDone,
}: {
  appointment: ClerkAppointment;
  onClose: () => void;
  onDone: (result: { startsAt: string }) => void;
}) {
  const t = useT();
  const { lang } = useLanguage();
  const locale = localeOf(lang);
  const heading = usePanelFocus();
  const [mode, setMode] = useState<ConsultationMode>(a.mode);
  const [slot, setSlot] = useState<string | null>(null);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  // the first window starts now or at the day the clerk jumped to; later windows are added to it
  const [start, setStart] = useState('');
  const [jumpDay, setJumpDay] = useState('');
  const [jumpError, setJumpError] = useState<string | undefined>();
  const windowKey = `${a.id}-${mode}-${start}`;
  const first = useResource(
    (signal) => listRebookSlots(a.id, { mode, from: start || undefined }, signal),
    `rebook-slots-${windowKey}`,
  );
  const [later, setLater] = useState<{ key: string; pages: RebookSlotPage[]; added: number | null }>({
    key: '',
    pages: [],
    added: null,
  });
  const [loadingLater, setLoadingLater] = useState(false);
  const slotList = useRef<HTMLDivElement>(null);
  const pages = useMemo(
    () => (first.data ? [first.data, ...(later.key === windowKey ? later.pages : [])] : []),
    [first.data, later, windowKey],
  );
  const lastPage = pages[pages.length - 1];
  const items = useMemo(
    () =>
      pages
        .flatMap((p) => p.items)
        // the appointment's own time in the same mode would change nothing
        .filter((s) => !(mode === a.mode && Date.parse(s.startsAt) === Date.parse(a.startsAt))),
    [pages, mode, a.mode, a.startsAt],
  );
  const names = new Map(pages.flatMap((p) => p.clerks).map((c) => [c.id, c.name]));
  const dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: TIME_ZONE });
  const shortDay = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: TIME_ZONE });
  const groups = useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: TIME_ZONE });
    const map = new Map<string, { startsAt: string; clerkId: number }[]>();
    for (const s of items) {
      const label = format.format(new Date(s.startsAt));
      // keep the own clerk when free (the API lists them first), else the first free colleague
      const clerkId = a.clerkId !== undefined && s.clerkIds.includes(a.clerkId) ? a.clerkId : s.clerkIds[0];
      map.set(label, [...(map.get(label) ?? []), { startsAt: s.startsAt, clerkId }]);
    }
    return [...map.entries()];
  }, [items, locale, a.clerkId]);
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: TIME_ZONE });
  const chosen = items.find((s) => s.startsAt === slot);
  const fields = {
    startsAt: { id: `rebook-slots-${a.id}`, label: t('appointmentsRebookPaging.slotsHeading') },
    jump: { id: `rebook-from-${a.id}`, label: t('appointmentsRebookPaging.jumpLabel') },
  };
  // "until" is exclusive: the last day shown is the one just before it
  const lastDay = (until: string) => shortDay.format(new Date(Date.parse(until) - 1));
  const minDay = today();
  const maxDay = lastPage ? berlinDay(new Date(Date.parse(lastPage.latest) - 1).toISOString()) : undefined;
  const rangeText =
    pages.length > 0
      ? [
          later.key === windowKey && later.added !== null
            ? t('appointmentsRebookPaging.moreLoaded', { count: later.added })
            : '',
          t('appointmentsRebookPaging.range', {
            count: items.length,
            from: shortDay.format(new Date(pages[0].from)),
            until: lastDay(lastPage.until),
          }),
        ]
          .filter(Boolean)
          .join(' ')
      : '';

  const resetWindows = () => setLater({ key: '', pages: [], added: null });
  const loadLater = async () => {
    if (!lastPage?.next || loadingLater) return;
    setLoadingLater(true);
    setProblem(null);
    try {
      const page = await listRebookSlots(a.id, { mode, from: lastPage.next });
      setLater((previous) => ({
        key: windowKey,
        pages: [...(previous.key === windowKey ? previous.pages : []), page],
        added: page.items.length,
      }));
      // the button goes away at the horizon: keep the focus in the list instead of losing it
      if (!page.next) slotList.current?.focus();
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setLoadingLater(false);
    }
  };
  const jump = () => {
    if (jumpDay && (jumpDay < minDay || (maxDay && jumpDay > maxDay))) {
      setJumpError(
        t('appointmentsRebookPaging.jumpInvalid', {
          min: shortDay.format(utcDay(minDay)),
          max: maxDay ? shortDay.format(utcDay(maxDay)) : '',
        }),
      );
      return;
    }
    setJumpError(undefined);
    setSlot(null);
    resetWindows();
    setStart(jumpDay);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!slot || !chosen) {
      setProblem({ fieldErrors: { startsAt: t('appointmentsClerk.slotRequired') } });
      return;
    }
    const clerkId =
      a.clerkId !== undefined && chosen.clerkIds.includes(a.clerkId) ? a.clerkId : chosen.clerkIds[0];
    setBusy(true);
    setProblem(null);
    try {
      const result = await rebookClerkAppointment(a.id, {
        startsAt: slot,
        mode,
        ...(clerkId !== a.clerkId ? { clerkId } : {}),
      });
      onDone(result);
    } catch (error) {
      setProblem(problemFrom(error));
      resetWindows();
      first.reload();
    } finally {
      setBusy(false);
    }
  };
  const titleId = `panel-${a.id}-title`;
  return (
    <form id={`panel-${a.id}`} aria-labelledby={titleId} onSubmit={submit} noValidate className="panel">
      <h3 id={titleId} ref={heading} tabIndex={-1}>
        {t('appointmentsClerk.rebookTitle', { number: a.bookingNumber })}
      </h3>
      <p>{t('appointmentsClerk.rebookHint')}</p>
      <ProblemAlert problem={problem} fields={fields} />
      <Field id={`rebook-mode-${a.id}`} label={t('appointmentsClerk.newMode')}>
        {(control) => (
          <select
            {...control}
            value={mode}
            onChange={(event) => {
              setSlot(null);
              resetWindows();
              setMode(event.target.value as ConsultationMode);
            }}
          >
            {MODES.map((m) => (
              <option key={m} value={m}>
                {t(`appointments.modes.${m}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <h4>{t('appointmentsRebookPaging.slotsHeading')}</h4>
      <div className="filters">
        <Field
          id={fields.jump.id}
          label={fields.jump.label}
          hint={t('appointmentsRebookPaging.jumpHint')}
          error={jumpError}
        >
          {(control) => (
            <input
              {...control}
              type="date"
              min={minDay}
              max={maxDay}
              value={jumpDay}
              onChange={(event) => setJumpDay(event.target.value)}
              onKeyDown={(event) => {
                // Enter shows the slots of that day instead of submitting the rebook
                if (event.key === 'Enter') {
                  event.preventDefault();
                  jump();
                }
              }}
            />
          )}
        </Field>
        <button type="button" className="button button--secondary" onClick={jump}>
          {t('appointmentsRebookPaging.jumpSubmit')}
        </button>
      </div>
      {first.error && <ProblemAlert problem={{ error: first.error, fieldErrors: {} }} focus={false} />}
      {/* announces how many slots are shown, and how many a "later" click added */}
      <p role="status" className="muted">
        {!first.data && !first.error ? t('appointmentsClerk.loading') : rangeText}
      </p>
      {first.data && groups.length === 0 && <p>{t('appointmentsRebookPaging.none')}</p>}
      <div id={`rebook-slots-${a.id}`} ref={slotList} tabIndex={-1}>
        {groups.map(([label, dayItems]) => (
          <fieldset key={label} className="field slot-day">
            <legend>{label}</legend>
            <div className="slot-grid">
              {dayItems.map((s) => {
                const id = `rebook-${a.id}-${s.startsAt}`;
                const other = s.clerkId !== a.clerkId ? names.get(s.clerkId) : undefined;
                return (
                  <div className="slot" key={s.startsAt}>
                    <input
                      type="radio"
                      name={`rebook-slot-${a.id}`}
                      id={id}
                      value={s.startsAt}
                      checked={slot === s.startsAt}
                      onChange={() => setSlot(s.startsAt)}
                    />
                    <label htmlFor={id}>
                      {time.format(new Date(s.startsAt))}
                      {other && <> ({t('appointmentsClerk.withClerk', { name: other })})</>}
                    </label>
                  </div>
                );
              })}
            </div>
          </fieldset>
        ))}
      </div>
      {lastPage?.next ? (
        <p>
          <button
            type="button"
            className="button button--secondary"
            aria-disabled={loadingLater || undefined}
            aria-describedby={`rebook-later-hint-${a.id}`}
            onClick={() => void loadLater()}
          >
            {t('appointmentsRebookPaging.later')}
          </button>{' '}
          <span id={`rebook-later-hint-${a.id}`} className="muted">
            {t('appointmentsRebookPaging.laterHint')}
          </span>
        </p>
      ) : (
        lastPage && (
          <p className="muted">
            {t('appointmentsRebookPaging.end', {
              date: dayFormat.format(new Date(Date.parse(lastPage.latest) - 1)),
            })}
          </p>
        )
      )}
      <span className="button-row">
        <button type="submit" className="button" disabled={busy}>
          {t('appointmentsClerk.rebookSubmit')}
        </button>
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t('appointmentsClerk.close')}
        </button>
      </span>
    </form>
  );
}

function ForwardPanel({
  appointment: a,
  onClose,
  onDone,
}: {
  appointment: ClerkAppointment;
  onClose: () => void;
  onDone: (name: string) => void;
}) {
  const t = useT();
  const heading = usePanelFocus();
  const candidates = useResource(
    (signal) => listForwardCandidates(a.id, signal),
    `forward-candidates-${a.id}`,
  );
  const [clerkId, setClerkId] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = {
    clerkId: { id: `forward-clerk-${a.id}`, label: t('appointmentsClerk.forwardTo') },
    note: { id: `forward-note-${a.id}`, label: t('appointmentsClerk.note') },
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!clerkId) {
      setProblem({ fieldErrors: { clerkId: t('appointmentsClerk.clerkRequired') } });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const result = await forwardClerkAppointment(a.id, {
        clerkId: Number(clerkId),
        note: note || undefined,
      });
      onDone(result.clerkName);
    } catch (error) {
      setProblem(problemFrom(error));
      candidates.reload();
    } finally {
      setBusy(false);
    }
  };
  const titleId = `panel-${a.id}-title`;
  const items = candidates.data?.items ?? [];
  return (
    <form id={`panel-${a.id}`} aria-labelledby={titleId} onSubmit={submit} noValidate className="panel">
      <h3 id={titleId} ref={heading} tabIndex={-1}>
        {t('appointmentsClerk.forwardTitle', { number: a.bookingNumber })}
      </h3>
      <p>{t('appointmentsClerk.forwardHint')}</p>
      <ProblemAlert problem={problem} fields={fields} />
      {candidates.error && (
        <ProblemAlert problem={{ error: candidates.error, fieldErrors: {} }} focus={false} />
      )}
      {!candidates.data && !candidates.error && <p>{t('appointmentsClerk.loading')}</p>}
      {candidates.data && items.length === 0 && <p>{t('appointmentsClerk.noCandidates')}</p>}
      {items.length > 0 && (
        <>
          <Field id={fields.clerkId.id} label={fields.clerkId.label} error={problem?.fieldErrors.clerkId}>
            {(control) => (
              <select {...control} value={clerkId} onChange={(event) => setClerkId(event.target.value)}>
                <option value="">{t('appointments.choose')}</option>
                {items.map((c) => (
                  <option key={c.clerkId} value={c.clerkId}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id={fields.note.id} label={fields.note.label} hint={t('appointmentsClerk.noteHint')}>
            {(control) => (
              <textarea
                {...control}
                rows={3}
                maxLength={1000}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
            )}
          </Field>
        </>
      )}
      <span className="button-row">
        {items.length > 0 && (
          <button type="submit" className="button" disabled={busy}>
            {t('appointmentsClerk.forwardSubmit')}
          </button>
        )}
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t('appointmentsClerk.close')}
        </button>
      </span>
    </form>
  );
}

/** A row's action button; screen readers hear which appointment it acts on ("Absagen T2026-000123"). */
function RowAction({
  label,
  bookingNumber,
  onClick,
  expanded,
  controls,
}: {
  label: string;
  bookingNumber: string;
  onClick: () => void;
  expanded?: boolean;
  controls?: string;
}) {
  return (
    <button
      type="button"
      className="button button--secondary"
      aria-expanded={expanded}
      aria-controls={controls}
      onClick={onClick}
    >
      {label}
      <span className="visually-hidden"> {bookingNumber}</span>
    </button>
  );
}
