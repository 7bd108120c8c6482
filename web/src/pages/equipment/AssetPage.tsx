import { type FormEvent, useState } from 'react';
import { assignAsset, getAsset } from '../../api-assets';
import { DateTime } from '../../components/DateTime';
import { Field } from '../../components/Field';
import { type FormProblem, ProblemAlert, problemFrom } from '../../components/ProblemAlert';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useResource } from '../../hooks/useResource';
import { useT } from '../../i18n/I18nProvider';
import { Link } from '../../router';
import { positionHref, statusName, typeName } from './labels';

/** One asset: facts, the assignment to a position (IT) and every assignment so far. */
export function AssetPage({ inventoryNumber }: { inventoryNumber: string }) {
  const t = useT();
  usePageTitle(t('equipment.asset.title', { inventoryNumber }));
  const asset = useResource((signal) => getAsset(inventoryNumber, signal), inventoryNumber);
  const [positionNumber, setPositionNumber] = useState('');
  const [ticketNumber, setTicketNumber] = useState('');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const a = asset.data;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    if (!positionNumber.trim()) {
      setProblem({ fieldErrors: { positionNumber: t('errors.required') } });
      return;
    }
    try {
      const updated = await assignAsset(inventoryNumber, {
        positionNumber: positionNumber.trim(),
        ...(ticketNumber.trim() ? { ticketNumber: ticketNumber.trim() } : {}),
      });
      asset.replace(updated);
      setProblem(null);
      setPositionNumber('');
      setTicketNumber('');
      setDone(t('equipment.asset.assigned', { positionNumber: updated.position?.positionNumber ?? '' }));
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };

  return (
    <>
      <p>
        <Link href="/assets">{t('equipment.asset.back')}</Link>
      </p>
      <h1>{t('equipment.asset.title', { inventoryNumber })}</h1>
      <ProblemAlert problem={asset.error && { error: asset.error, fieldErrors: {} }} focus={false} />
      {a && (
        <>
          <dl className="facts">
            <dt>{t('equipment.fields.type')}</dt>
            <dd>{typeName(t, a.type)}</dd>
            <dt>{t('equipment.fields.model')}</dt>
            <dd>{[a.manufacturer, a.model].filter(Boolean).join(' ') || '–'}</dd>
            <dt>{t('equipment.fields.serialNumber')}</dt>
            <dd>{a.serialNumber ?? '–'}</dd>
            <dt>{t('equipment.fields.hostname')}</dt>
            <dd>{a.hostname ?? '–'}</dd>
            <dt>{t('equipment.fields.status')}</dt>
            <dd>{statusName(t, a.status)}</dd>
            <dt>{t('equipment.fields.position')}</dt>
            <dd>
              {a.position ? (
                <Link href={positionHref(a.position.positionNumber)}>
                  {a.position.positionNumber} – {a.position.title}
                </Link>
              ) : (
                t('equipment.asset.stock')
              )}
            </dd>
          </dl>
          {a.can.assign && (
            <section aria-labelledby="assign-heading">
              <h2 id="assign-heading">{t('equipment.asset.assign')}</h2>
              <p>{t('equipment.asset.assignIntro')}</p>
              {done && (
                <div className="notice notice--success" role="status">
                  <p>{done}</p>
                </div>
              )}
              <ProblemAlert
                problem={problem}
                fields={{
                  positionNumber: { id: 'assign-position', label: t('equipment.fields.positionNumber') },
                  ticketNumber: { id: 'assign-ticket', label: t('equipment.asset.ticketNumber') },
                }}
              />
              <form onSubmit={(e) => void submit(e)} noValidate>
                <Field
                  id="assign-position"
                  label={t('equipment.fields.positionNumber')}
                  hint={t('equipment.asset.positionHint')}
                  error={problem?.fieldErrors.positionNumber}
                >
                  {(control) => (
                    <input
                      {...control}
                      value={positionNumber}
                      onChange={(e) => setPositionNumber(e.target.value)}
                    />
                  )}
                </Field>
                <Field
                  id="assign-ticket"
                  label={t('equipment.asset.ticketNumber')}
                  hint={t('equipment.asset.ticketHint')}
                  error={problem?.fieldErrors.ticketNumber}
                >
                  {(control) => (
                    <input
                      {...control}
                      value={ticketNumber}
                      onChange={(e) => setTicketNumber(e.target.value)}
                    />
                  )}
                </Field>
                <button type="submit" className="button">
                  {t('equipment.asset.submit')}
                </button>
              </form>
            </section>
          )}
          <h2>{t('equipment.asset.history')}</h2>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('equipment.asset.historyCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('equipment.fields.position')}</th>
                  <th scope="col">{t('equipment.asset.since')}</th>
                  <th scope="col">{t('equipment.asset.until')}</th>
                  <th scope="col">{t('equipment.asset.ticketNumber')}</th>
                  <th scope="col">{t('equipment.asset.by')}</th>
                </tr>
              </thead>
              <tbody>
                {a.assignments.map((h) => (
                  <tr key={`${h.assignedAt}-${h.positionNumber}`}>
                    <th scope="row">
                      {h.positionNumber
                        ? `${h.positionNumber} – ${h.positionTitle ?? ''}`
                        : t('equipment.asset.stock')}
                    </th>
                    <td>
                      <DateTime value={h.assignedAt} />
                    </td>
                    <td>{h.endedAt ? <DateTime value={h.endedAt} /> : '–'}</td>
                    <td>{h.ticketNumber ?? '–'}</td>
                    <td>{h.assignedBy ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
