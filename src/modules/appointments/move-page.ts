/**
 * The citizen's page to move their appointment, behind the link of the confirmation and reminder
 * mails (`/termine/verschieben/<cancel token>`). GET shows the appointment, the allowed modes and the
 * free slots (20 a page, "later slots" by `?from=`) and changes nothing — mail scanners follow
 * links; only the form's POST to the same URL moves it. The secret token in the path is the
 * capability and no cookie is involved, so there is nothing for a cross-site request to borrow
 * (the same design as the confirm and cancel pages). Server-rendered, works without script.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError } from '../../http/errors';
import { type Locale, translate } from '../../http/messages';
import { loadSettings } from './availability';
import {
  findByCitizenKey,
  loadMoveOptions,
  type MoveOptions,
  moveAppointment,
} from './commands/move-appointment';
import { acceptHtmlForms, escapeHtml, facts, page, pageLocale, texts, wantsJson } from './pages';
import { modeSchema, tokenParams } from './schemas';
import { consultationModes } from './tables';

const pageQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional().catch(undefined),
  mode: modeSchema.optional().catch(undefined),
  lang: z.enum(['de', 'en']).optional().catch(undefined),
});

const TIME_ZONE = 'Europe/Berlin';
const dayFormat = (locale: Locale) =>
  new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'full', timeZone: TIME_ZONE });
const timeFormat = (locale: Locale) =>
  new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { timeStyle: 'short', timeZone: TIME_ZONE });

function renderForm(
  path: string,
  locale: Locale,
  options: MoveOptions,
  query: { from?: string; lang?: string },
  error?: { text: string; field: 'startsAt' | 'mode' },
): string {
  const t = texts[locale];
  const days = dayFormat(locale);
  const times = timeFormat(locale);
  const lang = query.lang ? `lang=${query.lang}` : '';
  const byDay = new Map<string, MoveOptions['slots']>();
  for (const slot of options.slots) {
    const day = days.format(slot.startsAt);
    byDay.set(day, [...(byDay.get(day) ?? []), slot]);
  }
  let index = 0;
  const slotGroups = [...byDay]
    .map(([day, slots]) => {
      const radios = slots
        .map((slot) => {
          const id = `slot-${index++}`;
          const label = `${times.format(slot.startsAt)}–${times.format(slot.endsAt)}${locale === 'de' ? ' Uhr' : ''}${slot.current ? ` ${t.moveCurrent}` : ''}`;
          return `<div class="choice"><input type="radio" id="${id}" name="startsAt" value="${slot.startsAt.toISOString()}" required><label for="${id}">${escapeHtml(label)}</label></div>`;
        })
        .join('');
      return `<fieldset><legend>${escapeHtml(day)}</legend>${radios}</fieldset>`;
    })
    .join('');
  const modes =
    options.modes.length > 1
      ? `<fieldset${error?.field === 'mode' ? ' aria-describedby="move-error"' : ''}><legend>${t.moveMode}</legend>${options.modes
          .map(
            (m) =>
              `<div class="choice"><input type="radio" id="mode-${m}" name="mode" value="${m}"${m === options.mode ? ' checked' : ''}><label for="mode-${m}">${t.moveModes[m]}</label></div>`,
          )
          .join('')}</fieldset>`
      : `<input type="hidden" name="mode" value="${options.mode}">`;
  const last = options.slots[options.slots.length - 1];
  const later =
    options.more && last
      ? `<p><a href="${path}?from=${encodeURIComponent(new Date(last.startsAt.getTime() + 60_000).toISOString())}${lang ? `&amp;${lang}` : ''}">${t.moveLater}</a></p>`
      : '';
  const first = query.from ? `<p><a href="${path}${lang ? `?${lang}` : ''}">${t.moveFirst}</a></p>` : '';
  const errorBox = error
    ? `<div class="alert" role="alert" id="move-error" tabindex="-1" autofocus><p><strong>${t.moveErrorTitle}</strong></p><p><a href="#${error.field === 'mode' ? `mode-${options.modes[0]}` : 'slot-0'}">${escapeHtml(error.text)}</a></p></div>`
    : '';
  const slotsPart =
    options.slots.length === 0
      ? `<p>${t.moveNone}</p>`
      : `<div role="group" aria-labelledby="move-slots"${error?.field === 'startsAt' ? ' aria-describedby="move-error"' : ''}>${slotGroups}</div>`;
  return page(
    locale,
    t.moveTitle,
    `${errorBox}<p>${t.moveIntro}</p>${facts(options.view, locale)}<dl><dt>${t.moveMode}</dt><dd>${t.moveModes[options.view.mode]}</dd></dl>
<p>${escapeHtml(t.moveLeft.replace('{n}', String(options.movesLeft)))}</p>
<form method="post" action="${path}${lang ? `?${lang}` : ''}">
${modes}
<h2 id="move-slots">${t.moveSlots}</h2>
<p>${t.moveSlotsHint}</p>
${slotsPart}
${options.slots.length ? `<p><button type="submit">${t.moveButton}</button></p>` : ''}
</form>${later}${first}`,
  );
}

export function appointmentMovePage(app: FastifyInstance, ctx: AppContext) {
  app.register(async (scope) => {
    acceptHtmlForms(scope);
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const path = '/termine/verschieben/:token';
    const noStore = (reply: FastifyReply) =>
      reply
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .header('x-robots-tag', 'noindex');
    const localeOfToken = async (request: FastifyRequest, token: string) => {
      try {
        const settings = await loadSettings(ctx.db);
        return pageLocale(request, (await findByCitizenKey(ctx.db, settings.hmac_key, { token })).locale);
      } catch {
        return pageLocale(request, undefined);
      }
    };
    const errorPage = (reply: FastifyReply, locale: Locale, error: AppError) =>
      reply
        .status(error.status)
        .type('text/html; charset=utf-8')
        .send(
          page(
            locale,
            texts[locale].errorTitle,
            `<p role="alert">${escapeHtml(translate(error.code, locale, error.params))}</p><p><a href="/termine">${texts[locale].rebook}</a></p>`,
          ),
        );
    const showForm = async (
      request: FastifyRequest,
      reply: FastifyReply,
      token: string,
      query: z.infer<typeof pageQuery>,
      locale: Locale,
      error?: { error: AppError; field: 'startsAt' | 'mode' },
    ) => {
      const action = `/termine/verschieben/${encodeURIComponent(token)}`;
      let options: MoveOptions;
      try {
        options = await loadMoveOptions(
          ctx,
          { token },
          { from: query.from ? new Date(query.from) : undefined },
        );
        // the mode chosen before (a failed POST) stays chosen; one the concerns do not offer is ignored
        const chosen = error ? (request.body as { mode?: string } | undefined)?.mode : query.mode;
        const allowed = options.modes.find((m) => m === chosen);
        if (allowed) options.mode = allowed;
      } catch (failure) {
        if (!(failure instanceof AppError) || wantsJson(request)) throw failure;
        return errorPage(reply, locale, failure);
      }
      const text = error ? translate(error.error.code, locale, error.error.params) : undefined;
      return reply
        .status(error?.error.status ?? 200)
        .type('text/html; charset=utf-8')
        .send(
          renderForm(
            action,
            locale,
            options,
            { from: query.from, lang: query.lang },
            error && text ? { text, field: error.field } : undefined,
          ),
        );
    };

    r.get(path, { schema: { hide: true, params: tokenParams } }, async (request, reply) => {
      noStore(reply);
      const query = pageQuery.parse(request.query ?? {});
      const locale = await localeOfToken(request, request.params.token);
      return showForm(request, reply, request.params.token, query, locale);
    });

    r.post(path, { schema: { hide: true, params: tokenParams } }, async (request, reply) => {
      noStore(reply);
      const query = pageQuery.parse(request.query ?? {});
      const token = request.params.token;
      const locale = await localeOfToken(request, token);
      const t = texts[locale];
      const body = (request.body ?? {}) as { startsAt?: string; mode?: string };
      const startsAt = z.iso.datetime({ offset: true }).safeParse(body.startsAt);
      const mode = body.mode ? modeSchema.safeParse(body.mode) : null;
      if (!startsAt.success) {
        const error = new AppError(422, 'appointmentMoveChooseSlot', {}, [
          { field: 'body.startsAt', message: 'choose a slot' },
        ]);
        if (wantsJson(request)) throw error;
        return showForm(request, reply, token, query, locale, { error, field: 'startsAt' });
      }
      if (mode && !mode.success) {
        const error = new AppError(422, 'appointmentModeNotOffered', { mode: String(body.mode) }, [
          { field: 'body.mode', message: `one of ${consultationModes.join(', ')}` },
        ]);
        if (wantsJson(request)) throw error;
        return showForm(request, reply, token, query, locale, { error, field: 'mode' });
      }
      try {
        const result = await moveAppointment(
          ctx,
          { token },
          { startsAt: new Date(startsAt.data), mode: mode?.data },
        );
        if (wantsJson(request))
          return {
            bookingNumber: result.view.bookingNumber,
            status: 'confirmed',
            startsAt: result.view.startsAt,
            endsAt: result.view.endsAt,
            mode: result.view.mode,
            movesLeft: result.movesLeft,
          };
        const again =
          result.movesLeft > 0
            ? `<p><a href="/termine/verschieben/${encodeURIComponent(token)}${query.lang ? `?lang=${query.lang}` : ''}">${t.moveAgain}</a></p>`
            : '';
        return reply
          .type('text/html; charset=utf-8')
          .send(
            page(
              locale,
              t.movedTitle,
              `<p role="status">${t.movedText}</p>${facts(result.view, locale)}<dl><dt>${t.moveMode}</dt><dd>${t.moveModes[result.view.mode]}</dd></dl>${again}`,
            ),
          );
      } catch (error) {
        if (!(error instanceof AppError) || wantsJson(request)) throw error;
        const field = error.errors.find((e) => /\.(startsAt|mode)$/.test(e.field))?.field;
        // a refusal of the appointment itself (unknown link, cancelled meanwhile, limit reached)
        if (!field && error.code !== 'appointmentSlotTaken') return errorPage(reply, locale, error);
        // the choice was wrong or taken meanwhile: the form again, with fresh slots and the message
        return showForm(request, reply, token, query, locale, {
          error,
          field: field?.endsWith('mode') ? 'mode' : 'startsAt',
        });
      }
    });
  });
}
