import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { AppError } from '../../../http/errors';
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

const signatures: Record<string, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46],
  'image/png': [0x89, 0x50, 0x4e, 0x47],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/gif': [0x47, 0x49, 0x46, 0x38],
};

export function checkContentType(contentType: string, content: Buffer): void {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (!allowedTypes.has(type)) throw new AppError(415, 'attachmentTypeNotAllowed', { type });
  const signature = signatures[type];
  if (signature && !signature.every((byte, i) => content[i] === byte))
    throw new AppError(415, 'attachmentTypeNotAllowed', { type });
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
