import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { AppError } from '../../../http/errors';
import { matchesSignature } from '../../../shared/file-signatures';
import { sha256 } from '../../../shared/tokens';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { findVisibleTicket } from '../repository';

// What may be uploaded; image and PDF contents must match their declared type (magic bytes).
const allowedTypes = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'text/plain',
  'text/csv',
  'message/rfc822',
  'application/vnd.ms-outlook',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/zip',
]);

export function checkContentType(contentType: string, content: Buffer): void {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (!allowedTypes.has(type)) throw new AppError(415, 'attachmentTypeNotAllowed', { type });
  if (!matchesSignature(type, content)) throw new AppError(415, 'attachmentTypeNotAllowed', { type });
}

export interface AttachmentInput {
  filename: string;
  contentType: string;
  content: Buffer;
  articleId?: number;
}

export async function addAttachment(ctx: AppContext, actor: Actor, number: string, input: AttachmentInput) {
  checkContentType(input.contentType, input.content);
  const filename = input.filename.replace(/[\\/\r\n"]/g, '_').slice(0, 255) || 'datei';
  return ctx.db.transaction().execute(async (trx) => {
    const ticket = await findVisibleTicket(trx, actor, number);
    if (ticket.state_type === 'merged') throw new AppError(422, 'ticketMerged');
    if (input.articleId !== undefined) {
      const article = await trx
        .selectFrom('articles')
        .select(['id', 'author_id'])
        .where('id', '=', input.articleId)
        .where('ticket_id', '=', ticket.id)
        .executeTakeFirst();
      if (!article || article.author_id !== actor.id) {
        throw new AppError(422, 'validationFailed', { fields: 'articleId' }, [
          { field: 'body.articleId', message: 'not your article on this ticket' },
        ]);
      }
    }
    const row = await trx
      .insertInto('attachments')
      .values({
        ticket_id: ticket.id,
        article_id: input.articleId ?? null,
        filename,
        content_type: input.contentType.split(';')[0].trim().toLowerCase(),
        size_bytes: input.content.length,
        sha256: sha256(input.content),
        content: input.content,
        uploaded_by_id: actor.id,
      })
      .returning(['id', 'filename', 'content_type', 'size_bytes'])
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('tickets')
      .set({ updated_at: new Date(), version: sql`version + 1` })
      .where('id', '=', ticket.id)
      .execute();
    await recordAudit(trx, actor, 'ticket.attach', 'ticket', ticket.number, null, {
      attachmentId: row.id,
      filename,
      size: row.size_bytes,
    });
    return { id: row.id, filename: row.filename, contentType: row.content_type, size: row.size_bytes };
  });
}
