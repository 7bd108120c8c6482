/**
 * The pages behind the links in the mails. A GET only shows the appointment and a button; only the
 * POST of that button confirms or cancels — mail scanners that follow links change nothing.
 * Server-rendered (no script needed), German or English by the appointment's language.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError } from '../../http/errors';
import { type Locale, pickLocale, translate } from '../../http/messages';
import { loadSettings } from './availability';
import { cancelAppointment } from './commands/cancel-appointment';
import { confirmAppointment } from './commands/confirm-appointment';
import { deleteDocument } from './commands/delete-document';
import { uploadDocument } from './commands/upload-document';
import {
  appointmentByCode,
  appointmentByDocumentsToken,
  documentLimits,
  documentsClosedReason,
  documentsToken,
  listDocuments,
  megabytes,
} from './documents';
import { readUploadedFile } from './documents-routes';
import { type AppointmentView, formatWhen } from './mails';
import { loadAppointmentView, tokenHash } from './repository';
import { tokenParams } from './schemas';

export const texts = {
  de: {
    confirmTitle: 'Termin bestätigen',
    confirmIntro:
      'Bitte bestätigen Sie Ihren Termin mit der Schaltfläche. Erst dann ist er verbindlich gebucht.',
    confirmButton: 'Termin verbindlich bestätigen',
    confirmedTitle: 'Termin bestätigt',
    confirmedText: 'Vielen Dank. Ihr Termin ist gebucht; die Bestätigung mit allen Angaben kommt per E-Mail.',
    cancelTitle: 'Termin absagen',
    cancelIntro: 'Möchten Sie diesen Termin absagen? Der Termin wird danach für andere frei.',
    cancelButton: 'Termin absagen',
    cancelledTitle: 'Termin abgesagt',
    cancelledText: 'Ihr Termin ist abgesagt. Sie erhalten eine Bestätigung per E-Mail.',
    errorTitle: 'Das hat nicht geklappt',
    booking: 'Buchungsnummer',
    when: 'Termin',
    office: 'Dienststelle',
    rebook: 'Neuen Termin buchen',
    lookupTitle: 'Termin nachschauen',
    lookupIntro:
      'Mit der Buchungsnummer und dem Code aus der E-Mail sehen Sie den Stand Ihres Termins und können Unterlagen hochladen.',
    lookupCode: 'Code aus der E-Mail',
    lookupButton: 'Termin anzeigen',
    documentsTitle: 'Unterlagen zum Termin',
    documentsIntro:
      'Hier können Sie vor dem Termin Unterlagen hochladen (freiwillig). Sie sieht nur Ihre Sachbearbeitung.',
    documentsLimits:
      'Erlaubt: PDF, JPEG und PNG; höchstens {file} je Datei, {count} Dateien und {total} zusammen.',
    documentsList: 'Ihre hochgeladenen Unterlagen',
    documentsNone: 'Noch keine Unterlagen hochgeladen.',
    documentsName: 'Datei',
    documentsSize: 'Größe',
    documentsAction: 'Aktion',
    documentsFile: 'Datei auswählen (PDF, JPEG oder PNG)',
    documentsUpload: 'Datei hochladen',
    documentsDelete: 'löschen',
    documentsUploaded: 'Die Datei „{name}“ ist hochgeladen.',
    documentsDeleted: 'Die Datei ist gelöscht.',
    // the citizen moves the appointment (move-page.ts)
    moveTitle: 'Termin verschieben',
    moveIntro: 'Ihr bisheriger Termin:',
    moveMode: 'Beratungsform',
    moveModes: { inPerson: 'vor Ort', phone: 'telefonisch', video: 'per Video' },
    moveSlots: 'Neuer Termin',
    moveSlotsHint: 'Freie Termine für dieselben Anliegen, der nächste zuerst.',
    moveCurrent: '(bisherige Zeit – nur die Beratungsform ändern)',
    moveNone: 'Zurzeit gibt es keine freien Termine in diesem Zeitraum.',
    moveLater: 'Spätere Termine anzeigen',
    moveFirst: 'Zurück zu den nächsten freien Terminen',
    moveLeft: 'Sie können diesen Termin noch {n}-mal verschieben.',
    moveButton: 'Termin verschieben',
    movedTitle: 'Termin verschoben',
    movedText: 'Ihr Termin ist verschoben. Die Bestätigung mit der neuen Kalenderdatei kommt per E-Mail.',
    moveAgain: 'Erneut verschieben',
    moveErrorTitle: 'Bitte prüfen Sie Ihre Auswahl',
    status: 'Stand',
    statuses: {
      held: 'reserviert, noch nicht bestätigt',
      confirmed: 'bestätigt',
      cancelled: 'abgesagt',
      expired: 'verfallen',
      done: 'erledigt',
      noShow: 'nicht erschienen',
    },
  },
  en: {
    confirmTitle: 'Confirm appointment',
    confirmIntro: 'Please confirm your appointment with the button. Only then is it booked.',
    confirmButton: 'Confirm appointment',
    confirmedTitle: 'Appointment confirmed',
    confirmedText:
      'Thank you. Your appointment is booked; the confirmation with all details follows by e-mail.',
    cancelTitle: 'Cancel appointment',
    cancelIntro: 'Do you want to cancel this appointment? The slot becomes free for others.',
    cancelButton: 'Cancel appointment',
    cancelledTitle: 'Appointment cancelled',
    cancelledText: 'Your appointment is cancelled. You will receive a confirmation by e-mail.',
    errorTitle: 'That did not work',
    booking: 'Booking number',
    when: 'Date',
    office: 'Office',
    rebook: 'Book another appointment',
    lookupTitle: 'Look up an appointment',
    lookupIntro:
      'With the booking number and the code from the e-mail you see the status of your appointment and can upload documents.',
    lookupCode: 'Code from the e-mail',
    lookupButton: 'Show appointment',
    documentsTitle: 'Documents for the appointment',
    documentsIntro:
      'Here you can upload documents before the appointment (optional). Only your clerk sees them.',
    documentsLimits:
      'Allowed: PDF, JPEG and PNG; at most {file} per file, {count} files and {total} in total.',
    documentsList: 'Your uploaded documents',
    documentsNone: 'No documents uploaded yet.',
    documentsName: 'File',
    documentsSize: 'Size',
    documentsAction: 'Action',
    documentsFile: 'Choose a file (PDF, JPEG or PNG)',
    documentsUpload: 'Upload file',
    documentsDelete: 'delete',
    documentsUploaded: 'The file "{name}" has been uploaded.',
    documentsDeleted: 'The file has been deleted.',
    // the citizen moves the appointment (move-page.ts)
    moveTitle: 'Move appointment',
    moveIntro: 'Your current appointment:',
    moveMode: 'Consultation mode',
    moveModes: { inPerson: 'in person', phone: 'by phone', video: 'by video' },
    moveSlots: 'New appointment',
    moveSlotsHint: 'Free slots for the same concerns, the next one first.',
    moveCurrent: '(current time – change only the mode)',
    moveNone: 'There are no free slots in this period at the moment.',
    moveLater: 'Show later slots',
    moveFirst: 'Back to the next free slots',
    moveLeft: 'You can move this appointment {n} more time(s).',
    moveButton: 'Move appointment',
    movedTitle: 'Appointment moved',
    movedText: 'Your appointment is moved. The confirmation with the new calendar file follows by e-mail.',
    moveAgain: 'Move again',
    moveErrorTitle: 'Please check your choice',
    status: 'Status',
    statuses: {
      held: 'reserved, not yet confirmed',
      confirmed: 'confirmed',
      cancelled: 'cancelled',
      expired: 'lapsed',
      done: 'done',
      noShow: 'no-show',
    },
  },
} as const;

export const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function page(locale: Locale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – amtsdesk</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1b1f24;line-height:1.5}
main{max-width:40rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:.5rem}
h1{font-size:1.5rem;margin-top:0}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}
dt{font-weight:600}
button{font-size:1rem;padding:.75rem 1.25rem;background:#0b4f8a;color:#fff;border:0;border-radius:.25rem;cursor:pointer}
button:focus-visible,a:focus-visible,input:focus-visible{outline:3px solid #f2a900;outline-offset:2px}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #c9ced6}
caption{text-align:left;font-weight:600;padding:.25rem 0}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input[type=file]{display:block;margin-bottom:1rem}
input:not([type]){font-size:1rem;padding:.5rem;border:1px solid #6b7280;border-radius:.25rem;width:100%;max-width:20rem}
.alert{border-left:4px solid #b3261e;padding:.5rem 1rem;background:#fdecea}
.ok{border-left:4px solid #1e7a34;padding:.5rem 1rem;background:#e8f5ec}
button.link{background:none;color:#0b4f8a;text-decoration:underline;padding:0}
fieldset{border:1px solid #c9ced6;border-radius:.25rem;margin:1rem 0;padding:.5rem 1rem}
legend{font-weight:600;padding:0 .25rem}
.choice{display:flex;gap:.5rem;align-items:center;margin:.35rem 0}
.choice label{display:inline;font-weight:400;margin:0}
.choice input{width:1.25rem;height:1.25rem;margin:0}
a{color:#0b4f8a}
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}

export function facts(v: AppointmentView, locale: Locale): string {
  const t = texts[locale];
  return `<dl>
<dt>${t.booking}</dt><dd>${escapeHtml(v.bookingNumber)}</dd>
<dt>${t.when}</dt><dd>${escapeHtml(formatWhen(v, locale))}</dd>
<dt>${t.office}</dt><dd>${escapeHtml(v.office.name)}</dd>
</dl>`;
}

/** The pages' buttons post plain HTML forms (no script): a flat object of strings. */
export function acceptHtmlForms(scope: FastifyInstance) {
  scope.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
}

/** The page's language: `?lang=`, else the appointment's, else the browser's. */
export const pageLocale = (request: FastifyRequest, fallback: Locale | undefined): Locale =>
  (request.query as { lang?: string } | undefined)?.lang === 'en'
    ? 'en'
    : (request.query as { lang?: string } | undefined)?.lang === 'de'
      ? 'de'
      : (fallback ?? pickLocale(request.headers['accept-language']));

type Kind = 'confirm' | 'cancel';

export function appointmentPages(app: FastifyInstance, ctx: AppContext) {
  // the buttons post HTML forms (empty, or booking number + code on /termine/unterlagen)
  app.register(async (scope) => {
    acceptHtmlForms(scope);
    const r = scope.withTypeProvider<ZodTypeProvider>();

    const findView = async (kind: Kind, token: string) => {
      const column = kind === 'confirm' ? 'confirm_token_hash' : 'cancel_token_hash';
      const row = await ctx.db
        .selectFrom('appointments')
        .select(['id', 'status', 'locale'])
        .where(column, '=', tokenHash(token))
        .executeTakeFirst();
      return row ? { ...row, view: await loadAppointmentView(ctx.db, row.id) } : null;
    };
    const localeOf = pageLocale;

    const sendError = (reply: FastifyReply, request: FastifyRequest, locale: Locale, error: AppError) => {
      if (wantsJson(request)) throw error;
      return reply
        .status(error.status)
        .type('text/html; charset=utf-8')
        .send(
          page(
            locale,
            texts[locale].errorTitle,
            `<p role="alert">${escapeHtml(translate(error.code, locale, error.params))}</p><p><a href="/termine">${texts[locale].rebook}</a></p>`,
          ),
        );
    };

    for (const [kind, path] of [
      ['confirm', '/termine/bestaetigen/:token'],
      ['cancel', '/termine/absagen/:token'],
    ] as const) {
      r.get(path, { schema: { hide: true, params: tokenParams } }, async (request, reply) => {
        reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
        reply.header('x-robots-tag', 'noindex');
        const found = await findView(kind, request.params.token);
        const locale = localeOf(request, found?.locale);
        const t = texts[locale];
        if (!found) return sendError(reply, request, locale, new AppError(404, 'appointmentTokenInvalid'));
        const done = kind === 'confirm' ? found.status === 'confirmed' : found.status === 'cancelled';
        if (done)
          return sendError(
            reply,
            request,
            locale,
            new AppError(
              409,
              kind === 'confirm' ? 'appointmentAlreadyConfirmed' : 'appointmentAlreadyCancelled',
            ),
          );
        const title = kind === 'confirm' ? t.confirmTitle : t.cancelTitle;
        const intro = kind === 'confirm' ? t.confirmIntro : t.cancelIntro;
        const button = kind === 'confirm' ? t.confirmButton : t.cancelButton;
        return reply
          .type('text/html; charset=utf-8')
          .send(
            page(
              locale,
              title,
              `<p>${intro}</p>${facts(found.view, locale)}<form method="post"><button type="submit">${button}</button></form>`,
            ),
          );
      });

      r.post(path, { schema: { hide: true, params: tokenParams } }, async (request, reply) => {
        reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
        const fallback = await ctx.db
          .selectFrom('appointments')
          .select('locale')
          .where(
            kind === 'confirm' ? 'confirm_token_hash' : 'cancel_token_hash',
            '=',
            tokenHash(request.params.token),
          )
          .executeTakeFirst();
        const locale = localeOf(request, fallback?.locale);
        const t = texts[locale];
        try {
          const view =
            kind === 'confirm'
              ? await confirmAppointment(ctx, request.params.token)
              : await cancelAppointment(ctx, { token: request.params.token });
          if (wantsJson(request))
            return {
              bookingNumber: view.bookingNumber,
              status: kind === 'confirm' ? 'confirmed' : 'cancelled',
              startsAt: view.startsAt,
            };
          const title = kind === 'confirm' ? t.confirmedTitle : t.cancelledTitle;
          const text = kind === 'confirm' ? t.confirmedText : t.cancelledText;
          return reply
            .type('text/html; charset=utf-8')
            .send(page(locale, title, `<p role="status">${text}</p>${facts(view, locale)}`));
        } catch (error) {
          if (error instanceof AppError) return sendError(reply, request, locale, error);
          throw error;
        }
      });
    }

    // the upload page behind the link of the confirmation mail (and the status lookup's uploadUrl)
    const documentsPath = '/termine/unterlagen/:token';
    const noStore = (reply: FastifyReply) =>
      reply
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .header('x-robots-tag', 'noindex');
    /** the appointment of the link, or the error page (unknown, forged or anonymised → 404) */
    const documentsAppointment = async (request: FastifyRequest, reply: FastifyReply, token: string) => {
      try {
        const id = await appointmentByDocumentsToken(ctx, token);
        const row = await ctx.db
          .selectFrom('appointments')
          .select(['id', 'status', 'starts_at', 'anonymised_at', 'locale'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        return { row, locale: localeOf(request, row.locale) };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        await sendError(reply, request, localeOf(request, undefined), error);
        return null;
      }
    };
    const renderDocuments = async (
      reply: FastifyReply,
      token: string,
      found: NonNullable<Awaited<ReturnType<typeof documentsAppointment>>>,
      notice?: { ok: boolean; text: string },
      status = 200,
    ) => {
      const { row, locale } = found;
      const t = texts[locale];
      const [view, settings, docs] = await Promise.all([
        loadAppointmentView(ctx.db, row.id),
        loadSettings(ctx.db),
        listDocuments(ctx.db, row.id),
      ]);
      const limits = documentLimits(settings);
      const closed = documentsClosedReason(row, new Date());
      const action = `/termine/unterlagen/${encodeURIComponent(token)}`;
      const kb = new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 1 });
      const size = (n: number) =>
        n < 1_048_576 ? `${kb.format(n / 1024)} KB` : `${kb.format(n / 1_048_576)} MB`;
      const rows = docs
        .map(
          (d) =>
            `<tr><td>${escapeHtml(d.filename)}</td><td>${size(d.size)}</td>${
              closed
                ? ''
                : `<td><form method="post" action="${action}/loeschen/${d.id}"><button type="submit" class="link">${escapeHtml(d.filename)} ${t.documentsDelete}</button></form></td>`
            }</tr>`,
        )
        .join('');
      const list =
        docs.length === 0
          ? `<p>${t.documentsNone}</p>`
          : `<table><caption>${t.documentsList}</caption><thead><tr><th scope="col">${t.documentsName}</th><th scope="col">${t.documentsSize}</th>${closed ? '' : `<th scope="col">${t.documentsAction}</th>`}</tr></thead><tbody>${rows}</tbody></table>`;
      const limitsText = t.documentsLimits
        .replace('{file}', megabytes(limits.maxFileBytes))
        .replace('{count}', String(limits.maxFiles))
        .replace('{total}', megabytes(limits.maxTotalBytes));
      const form = closed
        ? `<p class="alert">${escapeHtml(translate(closed.code, locale, closed.params))}</p>`
        : `<form method="post" action="${action}" enctype="multipart/form-data">
<label for="document-file">${t.documentsFile}</label>
<p id="document-limits">${escapeHtml(limitsText)}</p>
<input type="file" id="document-file" name="file" accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png" required aria-describedby="document-limits">
<button type="submit">${t.documentsUpload}</button>
</form>`;
      const message = notice
        ? notice.ok
          ? `<p role="status" class="ok">${escapeHtml(notice.text)}</p>`
          : `<p role="alert" class="alert">${escapeHtml(notice.text)}</p>`
        : '';
      return reply
        .status(status)
        .type('text/html; charset=utf-8')
        .send(
          page(
            locale,
            t.documentsTitle,
            `${message}<p>${t.documentsIntro}</p>${facts(view, locale)}<dl><dt>${t.status}</dt><dd>${t.statuses[row.status]}</dd></dl>
<h2>${t.documentsList}</h2>${list}${form}`,
          ),
        );
    };
    // status lookup without the link: booking number + code → the page of the link (303)
    const lookupForm = (
      locale: Locale,
      values: { bookingNumber?: string; code?: string },
      error?: string,
    ) => {
      const t = texts[locale];
      return page(
        locale,
        t.lookupTitle,
        `${error ? `<p role="alert" class="alert">${escapeHtml(error)}</p>` : ''}<p>${t.lookupIntro}</p>
<form method="post" action="/termine/unterlagen">
<label for="lookup-number">${t.booking}</label>
<input id="lookup-number" name="bookingNumber" autocomplete="off" required placeholder="T2026-000123" value="${escapeHtml(values.bookingNumber ?? '')}">
<label for="lookup-code">${t.lookupCode}</label>
<input id="lookup-code" name="code" autocomplete="off" required value="${escapeHtml(values.code ?? '')}">
<p><button type="submit">${t.lookupButton}</button></p>
</form>`,
      );
    };
    r.get('/termine/unterlagen', { schema: { hide: true } }, async (request, reply) => {
      noStore(reply);
      return reply.type('text/html; charset=utf-8').send(lookupForm(localeOf(request, undefined), {}));
    });
    r.post('/termine/unterlagen', { schema: { hide: true } }, async (request, reply) => {
      noStore(reply);
      const locale = localeOf(request, undefined);
      const body = (request.body ?? {}) as { bookingNumber?: string; code?: string };
      const bookingNumber = String(body.bookingNumber ?? '')
        .trim()
        .toUpperCase()
        .slice(0, 20);
      const code = String(body.code ?? '')
        .trim()
        .slice(0, 20);
      try {
        if (!/^T\d{4}-\d{6}$/.test(bookingNumber) || code.length < 6)
          throw new AppError(404, 'appointmentNotFound');
        const id = await appointmentByCode(ctx, bookingNumber, code);
        const settings = await loadSettings(ctx.db);
        return reply.redirect(
          `/termine/unterlagen/${encodeURIComponent(documentsToken(settings.hmac_key, id, bookingNumber))}`,
          303,
        );
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return reply
          .status(error.status)
          .type('text/html; charset=utf-8')
          .send(lookupForm(locale, { bookingNumber, code }, translate(error.code, locale, error.params)));
      }
    });

    const documentParams = tokenParams.extend({ documentId: z.coerce.number().int().positive() });

    r.get(documentsPath, { schema: { hide: true, params: tokenParams } }, async (request, reply) => {
      noStore(reply);
      const found = await documentsAppointment(request, reply, request.params.token);
      return found ? renderDocuments(reply, request.params.token, found) : reply;
    });

    r.post(documentsPath, { schema: { hide: true, params: tokenParams } }, async (request, reply) => {
      noStore(reply);
      const found = await documentsAppointment(request, reply, request.params.token);
      if (!found) return reply;
      const t = texts[found.locale];
      try {
        const limits = documentLimits(await loadSettings(ctx.db));
        const created = await uploadDocument(
          ctx,
          found.row.id,
          await readUploadedFile(request, limits.maxFileBytes),
        );
        if (wantsJson(request)) return reply.status(201).send(created);
        return renderDocuments(reply, request.params.token, found, {
          ok: true,
          text: t.documentsUploaded.replace('{name}', created.filename),
        });
      } catch (error) {
        if (!(error instanceof AppError) || wantsJson(request)) throw error;
        return renderDocuments(
          reply,
          request.params.token,
          found,
          { ok: false, text: translate(error.code, found.locale, error.params) },
          error.status,
        );
      }
    });

    r.post(
      `${documentsPath}/loeschen/:documentId`,
      { schema: { hide: true, params: documentParams } },
      async (request, reply) => {
        noStore(reply);
        const found = await documentsAppointment(request, reply, request.params.token);
        if (!found) return reply;
        try {
          await deleteDocument(ctx, found.row.id, request.params.documentId);
          if (wantsJson(request)) return reply.status(204).send();
          return renderDocuments(reply, request.params.token, found, {
            ok: true,
            text: texts[found.locale].documentsDeleted,
          });
        } catch (error) {
          if (!(error instanceof AppError) || wantsJson(request)) throw error;
          return renderDocuments(
            reply,
            request.params.token,
            found,
            { ok: false, text: translate(error.code, found.locale, error.params) },
            error.status,
          );
        }
      },
    );
  });
}

export function wantsJson(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('application/json');
}
