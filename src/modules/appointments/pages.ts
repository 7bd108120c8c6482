/**
 * The pages behind the links in the mails. A GET only shows the appointment and a button; only the
 * POST of that button confirms or cancels — mail scanners that follow links change nothing.
 * Server-rendered (no script needed), German or English by the appointment's language.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { AppError } from '../../http/errors';
import { type Locale, pickLocale, translate } from '../../http/messages';
import { cancelAppointment } from './commands/cancel-appointment';
import { confirmAppointment } from './commands/confirm-appointment';
import { type AppointmentView, formatWhen } from './mails';
import { loadAppointmentView, tokenHash } from './repository';
import { tokenParams } from './schemas';

const texts = {
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
  },
} as const;

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function page(locale: Locale, title: string, body: string): string {
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
button:focus-visible,a:focus-visible{outline:3px solid #f2a900;outline-offset:2px}
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

function facts(v: AppointmentView, locale: Locale): string {
  const t = texts[locale];
  return `<dl>
<dt>${t.booking}</dt><dd>${escapeHtml(v.bookingNumber)}</dd>
<dt>${t.when}</dt><dd>${escapeHtml(formatWhen(v, locale))}</dd>
<dt>${t.office}</dt><dd>${escapeHtml(v.office.name)}</dd>
</dl>`;
}

type Kind = 'confirm' | 'cancel';

export function appointmentPages(app: FastifyInstance, ctx: AppContext) {
  // the button posts an empty HTML form
  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, _body, done) => done(null, {}),
    );
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
    const localeOf = (request: FastifyRequest, fallback: Locale | undefined) =>
      (request.query as { lang?: string }).lang === 'en'
        ? 'en'
        : (request.query as { lang?: string }).lang === 'de'
          ? 'de'
          : (fallback ?? pickLocale(request.headers['accept-language']));

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
  });
}

function wantsJson(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('application/json');
}
