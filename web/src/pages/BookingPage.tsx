import { type FormEvent, useMemo, useState } from 'react';
import { solveAltcha } from '../altcha';
import {
  type AppointmentHold,
  type ConsultationMode,
  getAltchaChallenge,
  holdAppointment,
  listAppointmentOffices,
  listAppointmentServices,
  listAppointmentSlots,
} from '../api';
import { Field } from '../components/Field';
import { checkRequired, type FormProblem, ProblemAlert, problemFrom } from '../components/ProblemAlert';
import { SlotCalendar } from '../components/SlotCalendar';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { localeOf, useLanguage, useT } from '../i18n/I18nProvider';

const MODES: ConsultationMode[] = ['inPerson', 'phone', 'video'];
const DAYS_PER_PAGE = 5;

/** First letter of the surname (last word), without diacritics — as the server decides the clerk: "Özdemir" → "O". */
function initialOf(name: string): string {
  const last = name.trim().split(/\s+/).pop() ?? '';
  const letter = last
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .charAt(0)
    .toUpperCase();
  return /^[A-Z]$/.test(letter) ? letter : '';
}

/** Public booking: office → concern(s) → mode → free slot → contact data and consent → check your mail. */
export function BookingPage() {
  const t = useT();
  const { lang } = useLanguage();
  usePageTitle(t('appointments.title'));
  const offices = useResource((signal) => listAppointmentOffices(signal), 'appointment-offices');
  const [officeId, setOfficeId] = useState<number | null>(null);
  const chosenOffice = officeId ?? (offices.data?.items.length === 1 ? offices.data.items[0].id : null);
  const services = useResource(
    (signal) =>
      chosenOffice ? listAppointmentServices(chosenOffice, signal) : Promise.resolve({ items: [] }),
    `appointment-services-${chosenOffice}`,
  );
  const [serviceIds, setServiceIds] = useState<number[]>([]);
  const [mode, setMode] = useState<ConsultationMode | null>(null);
  const [slot, setSlot] = useState<string | null>(null);
  const [surname, setSurname] = useState('');
  const [days, setDays] = useState(DAYS_PER_PAGE);
  // the day chosen in the calendar: the slot list starts there
  const [fromDay, setFromDay] = useState<string | null>(null);
  const [values, setValues] = useState({ name: '', email: '', phone: '' });
  const [consent, setConsent] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState<null | 'solving' | 'sending'>(null);
  const [held, setHeld] = useState<AppointmentHold | null>(null);

  const chosen = (services.data?.items ?? []).filter((s) => serviceIds.includes(s.id));
  const modes = MODES.filter((m) => chosen.length > 0 && chosen.every((s) => s.modes.includes(m)));
  const activeMode = mode && modes.includes(mode) ? mode : null;
  // clerks split by letter ranges: ask for the surname first, so only the own clerk's times are offered
  const needsSurname = chosen.some((s) => s.bySurname);
  const initial = initialOf(surname);
  const showSlots = activeMode !== null && (!needsSurname || initial !== '');
  const slotKey = `appointment-slots-${serviceIds.join(',')}-${activeMode}-${initial}`;
  const slots = useResource(
    (signal) =>
      showSlots && activeMode && serviceIds.length
        ? listAppointmentSlots(
            {
              serviceId: serviceIds[0],
              serviceIds: serviceIds.slice(1).join(',') || undefined,
              mode: activeMode,
              // only the initial letter leaves the browser: it is all the search needs
              surname: initial || undefined,
            },
            signal,
          )
        : Promise.resolve({ items: [] }),
    slotKey,
  );
  const locale = localeOf(lang);
  const byDay = useMemo(() => {
    const dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'Europe/Berlin' });
    const keyFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }); // YYYY-MM-DD
    const groups = new Map<
      string,
      { key: string; label: string; items: { startsAt: string; time: string }[] }
    >();
    const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: 'Europe/Berlin' });
    for (const s of slots.data?.items ?? []) {
      const key = keyFormat.format(new Date(s.startsAt));
      const group = groups.get(key) ?? { key, label: dayFormat.format(new Date(s.startsAt)), items: [] };
      group.items.push({ startsAt: s.startsAt, time: time.format(new Date(s.startsAt)) });
      groups.set(key, group);
    }
    return [...groups.values()];
  }, [slots.data, locale]);

  const fromIndex = fromDay ? byDay.findIndex((d) => d.key === fromDay) : -1;
  const shownDays = fromIndex > 0 ? byDay.slice(fromIndex) : byDay;

  const fields = {
    name: { id: 'booking-name', label: t('appointments.name') },
    email: { id: 'booking-email', label: t('appointments.email') },
    phone: { id: 'booking-phone', label: t('appointments.phone') },
    consent: { id: 'booking-consent', label: t('appointments.consentLabel') },
    slot: { id: 'booking-slots', label: t('appointments.slotStep') },
    surname: { id: 'booking-surname', label: t('appointmentsCitizen.surname') },
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !activeMode) return;
    const missing = checkRequired({ name: values.name, email: values.email }, t);
    const fieldErrors = { ...(missing?.fieldErrors ?? {}) };
    if (!slot) fieldErrors.slot = t('appointments.slotRequired');
    if (!consent) fieldErrors.consent = t('appointments.consentRequired');
    if (needsSurname && values.name.trim() && initialOf(values.name) !== initial)
      fieldErrors.name = t('appointmentsCitizen.surnameMismatch');
    if (Object.keys(fieldErrors).length > 0) {
      setProblem({ fieldErrors });
      return;
    }
    setProblem(null);
    try {
      setBusy('solving');
      const altcha = await solveAltcha(await getAltchaChallenge());
      setBusy('sending');
      const result = await holdAppointment({
        serviceId: serviceIds[0],
        serviceIds: serviceIds.slice(1),
        mode: activeMode,
        startsAt: slot as string,
        name: values.name,
        email: values.email,
        phone: values.phone || undefined,
        consent,
        altcha,
      });
      setHeld(result);
    } catch (error) {
      const found = problemFrom(error);
      setProblem(found);
      if (found.error?.status === 409) {
        // someone was faster, or the slot belongs to another clerk's letter range: show what is free for this name
        setSlot(null);
        setSurname(values.name.trim().split(/\s+/).pop() ?? '');
      }
    } finally {
      setBusy(null);
    }
  };

  if (held) {
    const until = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(
      new Date(held.holdExpiresAt),
    );
    return (
      <section className="narrow">
        <h1>{t('appointments.checkMailTitle')}</h1>
        <div className="notice notice--success" role="status">
          <p>{t('appointments.checkMailText', { email: values.email, until })}</p>
          <p>
            {t('appointments.bookingNumber')}: <strong>{held.bookingNumber}</strong>
          </p>
        </div>
      </section>
    );
  }

  return (
    <section className="narrow">
      <h1>{t('appointments.title')}</h1>
      <p>{t('appointments.intro')}</p>
      <ProblemAlert problem={problem} fields={fields} />
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <h2>{t('appointments.officeStep')}</h2>
        <Field id="booking-office" label={t('appointments.office')}>
          {(control) => (
            <select
              {...control}
              value={chosenOffice ?? ''}
              onChange={(event) => {
                setOfficeId(Number(event.target.value) || null);
                setServiceIds([]);
                setSlot(null);
              }}
            >
              <option value="">{t('appointments.choose')}</option>
              {offices.data?.items.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>

        {chosenOffice && (
          <fieldset className="field">
            <legend>
              <h2>{t('appointments.serviceStep')}</h2>
            </legend>
            <p className="field__hint">{t('appointments.serviceHint')}</p>
            {services.data?.items.map((s) => (
              <div className="checkbox" key={s.id}>
                <input
                  type="checkbox"
                  id={`booking-service-${s.id}`}
                  checked={serviceIds.includes(s.id)}
                  onChange={(event) => {
                    setSlot(null);
                    setServiceIds((ids) =>
                      event.target.checked ? [...ids, s.id] : ids.filter((id) => id !== s.id),
                    );
                  }}
                />
                <label htmlFor={`booking-service-${s.id}`}>
                  {s.name} ({t('appointments.minutes', { minutes: s.durationMinutes })})
                </label>
              </div>
            ))}
          </fieldset>
        )}

        {chosen.length > 0 && (
          <fieldset className="field">
            <legend>
              <h2>{t('appointments.modeStep')}</h2>
            </legend>
            {modes.length === 0 && <p>{t('appointments.noCommonMode')}</p>}
            {modes.map((m) => (
              <div className="checkbox" key={m}>
                <input
                  type="radio"
                  name="mode"
                  id={`booking-mode-${m}`}
                  checked={activeMode === m}
                  onChange={() => {
                    setMode(m);
                    setSlot(null);
                  }}
                />
                <label htmlFor={`booking-mode-${m}`}>{t(`appointments.modes.${m}`)}</label>
              </div>
            ))}
          </fieldset>
        )}

        {activeMode && needsSurname && (
          <>
            <h2>{t('appointmentsCitizen.surnameStep')}</h2>
            <Field
              id={fields.surname.id}
              label={fields.surname.label}
              hint={t('appointmentsCitizen.surnameHint')}
              error={problem?.fieldErrors.surname}
            >
              {(control) => (
                <input
                  {...control}
                  autoComplete="family-name"
                  value={surname}
                  onChange={(event) => {
                    setSurname(event.target.value);
                    setSlot(null);
                  }}
                />
              )}
            </Field>
          </>
        )}

        {showSlots && (
          <div id="booking-slots" tabIndex={-1}>
            <h2>{t('appointments.slotStep')}</h2>
            {slots.loading && <p>{t('app.loading')}</p>}
            {!slots.loading && byDay.length === 0 && <p>{t('appointments.noSlots')}</p>}
            <SlotCalendar
              days={byDay.map((d) => ({ key: d.key, label: d.label, count: d.items.length }))}
              selected={fromDay}
              locale={locale}
              onSelect={(key) => {
                setFromDay(key);
                setDays(DAYS_PER_PAGE);
                // after the list re-renders from that day, move the focus to its first slot
                requestAnimationFrame(() =>
                  document.querySelector<HTMLInputElement>(`#slot-day-${key} input`)?.focus(),
                );
              }}
            />
            {shownDays.slice(0, days).map((day) => (
              <fieldset key={day.key} id={`slot-day-${day.key}`} className="field slot-day">
                <legend>{day.label}</legend>
                <div className="slot-grid">
                  {day.items.map((s) => (
                    <div className="slot" key={s.startsAt}>
                      <input
                        type="radio"
                        name="slot"
                        id={`slot-${s.startsAt}`}
                        value={s.startsAt}
                        checked={slot === s.startsAt}
                        onChange={() => setSlot(s.startsAt)}
                      />
                      <label htmlFor={`slot-${s.startsAt}`}>{s.time}</label>
                    </div>
                  ))}
                </div>
              </fieldset>
            ))}
            {shownDays.length > days && (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => setDays((d) => d + DAYS_PER_PAGE)}
              >
                {t('appointments.moreDays')}
              </button>
            )}
          </div>
        )}

        {slot && (
          <>
            <h2>{t('appointments.contactStep')}</h2>
            <Field id={fields.name.id} label={fields.name.label} error={problem?.fieldErrors.name}>
              {(control) => (
                <input
                  {...control}
                  autoComplete="name"
                  value={values.name}
                  onChange={(event) => setValues((v) => ({ ...v, name: event.target.value }))}
                />
              )}
            </Field>
            <Field
              id={fields.email.id}
              label={fields.email.label}
              hint={t('appointments.emailHint')}
              error={problem?.fieldErrors.email}
            >
              {(control) => (
                <input
                  {...control}
                  type="email"
                  autoComplete="email"
                  value={values.email}
                  onChange={(event) => setValues((v) => ({ ...v, email: event.target.value }))}
                />
              )}
            </Field>
            <Field id={fields.phone.id} label={fields.phone.label} error={problem?.fieldErrors.phone}>
              {(control) => (
                <input
                  {...control}
                  type="tel"
                  autoComplete="tel"
                  value={values.phone}
                  onChange={(event) => setValues((v) => ({ ...v, phone: event.target.value }))}
                />
              )}
            </Field>
            <div className={problem?.fieldErrors.consent ? 'field field--error' : 'field'}>
              <p id="booking-consent-text" className="field__hint">
                {t('appointments.consentText')}
              </p>
              {problem?.fieldErrors.consent && (
                <p id="booking-consent-error" className="field__error">
                  {problem.fieldErrors.consent}
                </p>
              )}
              <div className="checkbox">
                <input
                  type="checkbox"
                  id={fields.consent.id}
                  checked={consent}
                  aria-describedby={`booking-consent-text${problem?.fieldErrors.consent ? ' booking-consent-error' : ''}`}
                  onChange={(event) => setConsent(event.target.checked)}
                />
                <label htmlFor={fields.consent.id}>{fields.consent.label}</label>
              </div>
            </div>
            <p className="field__hint">{t('appointments.altchaHint')}</p>
            <div className="button-row">
              <button type="submit" className="button" disabled={busy !== null}>
                {busy === 'solving'
                  ? t('appointments.solving')
                  : busy === 'sending'
                    ? t('appointments.sending')
                    : t('appointments.submit')}
              </button>
            </div>
          </>
        )}
      </form>
      <p>
        <a href="/termine/unterlagen">{t('appointmentsCitizen.lookupLink')}</a>
      </p>
    </section>
  );
}
