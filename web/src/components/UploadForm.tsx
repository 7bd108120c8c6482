import { type FormEvent, useRef, useState } from 'react';
import { useAnnounce } from '../announcer';
import { uploadAttachment } from '../api';
import { useT } from '../i18n/I18nProvider';
import { Field } from './Field';
import { type FormProblem, ProblemAlert, problemFrom } from './ProblemAlert';

export function UploadForm({ ticketNumber, onUploaded }: { ticketNumber: string; onUploaded: () => void }) {
  const t = useT();
  const announce = useAnnounce();
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = { file: { id: 'upload-file', label: t('attachments.file') } };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (busy) return;
    if (!file) {
      setProblem({ fieldErrors: { file: t('attachments.noFile') } });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const attachment = await uploadAttachment(ticketNumber, file);
      if (input.current) input.current.value = '';
      announce(t('attachments.uploaded', { filename: attachment.filename }));
      onUploaded();
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="form"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-labelledby="upload-heading"
    >
      <h2 id="upload-heading">{t('attachments.uploadTitle')}</h2>
      <ProblemAlert problem={problem} fields={fields} />
      <Field id={fields.file.id} label={fields.file.label} error={problem?.fieldErrors.file}>
        {(control) => <input {...control} ref={input} type="file" name="file" />}
      </Field>
      <button type="submit" className="button button--secondary" aria-disabled={busy || undefined}>
        {t('attachments.upload')}
      </button>
    </form>
  );
}
