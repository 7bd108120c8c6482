import { type FormEvent, useRef, useState } from 'react';
import { ApiError } from '../../api';
import { getImportRun, type ImportReport, type ImportRun, uploadImport } from '../../api-assets';
import { Field } from '../../components/Field';
import { type FormProblem, ProblemAlert, problemFrom } from '../../components/ProblemAlert';
import { usePageTitle } from '../../hooks/usePageTitle';
import { type MessageKey, useLanguage, useT } from '../../i18n/I18nProvider';
import { useSession } from '../../session';

/** Polls an accepted import run until it is done (its report) or failed (its problem). */
async function waitForRun(accepted: ImportRun, onRun: (run: ImportRun) => void): Promise<ImportReport> {
  let run = accepted;
  for (;;) {
    onRun(run);
    if (run.state === 'done' && run.result) return run.result;
    if (run.state === 'failed')
      throw new ApiError({
        type: `https://amtsdesk.de/problems/${run.error?.code ?? 'importFailed'}`,
        title: 'Import failed',
        status: 422,
        code: run.error?.code,
        detail: run.error?.detail,
      });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    run = await getImportRun(run.id);
  }
}

/**
 * Inventory import: dry run with a report per row, then the real run. The server works an upload in
 * the background: the progress bar shows the upload, then the rows worked so far (polled).
 */
export function AssetImportPage() {
  const t = useT();
  const { lang } = useLanguage();
  const { session } = useSession();
  usePageTitle(t('equipment.import.title'));
  const fileInput = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [progress, setProgress] = useState<number | null | undefined>(undefined);
  const [working, setWorking] = useState<ImportRun | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const reportHeading = useRef<HTMLHeadingElement>(null);
  const busy = progress !== undefined;

  const run = async (dryRun: boolean) => {
    const file = fileInput.current?.files?.[0];
    if (!file) {
      setProblem({ fieldErrors: { file: t('equipment.import.chooseFile') } });
      return;
    }
    setProblem(null);
    setReport(null);
    setProgress(0);
    try {
      const csrf = session.status === 'signedIn' ? session.me.csrfToken : null;
      const accepted = await uploadImport('assets', file, dryRun, csrf, lang, setProgress);
      const result = await waitForRun(accepted, (run) => {
        setWorking(run);
        setProgress(run.progress);
      });
      setReport(result);
      setTimeout(() => reportHeading.current?.focus(), 0);
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setProgress(undefined);
      setWorking(null);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(true);
  };

  return (
    <>
      <h1>{t('equipment.import.title')}</h1>
      <p>{t('equipment.import.intro')}</p>
      <ProblemAlert
        problem={problem}
        fields={{ file: { id: 'import-file', label: t('equipment.import.file') } }}
      />
      <form onSubmit={submit} noValidate>
        <Field
          id="import-file"
          label={t('equipment.import.file')}
          hint={t('equipment.import.fileHint')}
          error={problem?.fieldErrors.file}
        >
          {(control) => <input {...control} ref={fileInput} type="file" accept=".csv,.txt,.xlsx,text/csv" />}
        </Field>
        <div className="button-row">
          <button type="submit" className="button" aria-disabled={busy || undefined} disabled={busy}>
            {t('equipment.import.dryRun')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={busy || !report?.dryRun}
            onClick={() => void run(false)}
          >
            {t('equipment.import.run')}
          </button>
        </div>
      </form>
      {busy && (
        <div role="status" className="import-progress">
          <label htmlFor="import-progress">
            {working
              ? working.state === 'queued'
                ? t('equipment.import.queued')
                : working.rowsTotal === null
                  ? t('equipment.import.processing')
                  : t('equipment.import.working', { done: working.rowsDone, total: working.rowsTotal })
              : progress === null
                ? t('equipment.import.processing')
                : t('equipment.import.uploading')}
          </label>
          <progress id="import-progress" max={1} value={progress ?? undefined} />
        </div>
      )}
      {report && (
        <section aria-labelledby="import-report">
          <h2 id="import-report" ref={reportHeading} tabIndex={-1}>
            {report.dryRun ? t('equipment.import.reportDry') : t('equipment.import.reportReal')}
          </h2>
          <p>
            {t('equipment.import.summary', {
              rows: report.summary.rows ?? 0,
              create: report.summary.create ?? 0,
              update: report.summary.update ?? 0,
              unchanged: report.summary.unchanged ?? 0,
              error: report.summary.error ?? 0,
            })}
          </p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('equipment.import.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('equipment.import.line')}</th>
                  <th scope="col">{t('equipment.fields.inventoryNumber')}</th>
                  <th scope="col">{t('equipment.fields.serialNumber')}</th>
                  <th scope="col">{t('equipment.import.action')}</th>
                  <th scope="col">{t('equipment.import.errors')}</th>
                </tr>
              </thead>
              <tbody>
                {report.rows.map((r) => (
                  <tr key={r.line}>
                    <th scope="row">{r.line}</th>
                    <td>{r.inventoryNumber ?? '–'}</td>
                    <td>{r.serialNumber ?? '–'}</td>
                    <td>{t(`equipment.import.actions.${r.action}` as MessageKey)}</td>
                    <td>
                      {r.errors.length
                        ? r.errors.map((e) => e.message).join(' ')
                        : r.changes.join(', ') || '–'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {report.rowsOmitted > 0 && <p>{t('equipment.import.omitted', { count: report.rowsOmitted })}</p>}
        </section>
      )}
    </>
  );
}
