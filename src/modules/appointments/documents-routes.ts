/**
 * Documents before the appointment. Citizen (no account): by booking number + status code, the same
 * pair as the status lookup — list, upload (multipart, field "file"), delete. The upload page behind
 * the link of the confirmation mail is in pages.ts. Clerk: list and download, only the assigned
 * clerk (after forwarding the deputy) and administrators; anyone else gets 404.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError } from '../../http/errors';
import { requireActor } from '../auth/authenticate';
import { loadSettings } from './availability';
import { deleteDocument } from './commands/delete-document';
import { downloadDocument } from './commands/download-document';
import { cleanFilename, type DocumentUpload, uploadDocument } from './commands/upload-document';
import {
  appointmentByCode,
  documentLimits,
  documentsClosedReason,
  documentsToken,
  documentsUrl,
  findClerkAppointment,
  listDocuments,
  megabytes,
} from './documents';
import { appointmentDocumentSchema, statusLookupParams, statusLookupQuery } from './schemas';

const documentSchema = appointmentDocumentSchema;
const limitsSchema = z.object({ maxFileBytes: z.number(), maxFiles: z.number(), maxTotalBytes: z.number() });
const citizenListSchema = z.object({
  items: z.array(documentSchema),
  limits: limitsSchema,
  /** whether documents can be added or removed now (confirmed, not yet begun) */
  open: z.boolean(),
  /** the upload page (the link of the confirmation mail) */
  uploadUrl: z.string(),
});
const documentParams = statusLookupParams.extend({ documentId: z.coerce.number().int().positive() });
const clerkParams = z.object({ id: z.coerce.number().int().positive() });
const clerkDocumentParams = clerkParams.extend({ documentId: z.coerce.number().int().positive() });

/** Reads the one file of a multipart request; too large → 413 in the citizen's words. */
export async function readUploadedFile(request: FastifyRequest, maxBytes: number): Promise<DocumentUpload> {
  if (!request.isMultipart()) throw new AppError(415, 'unsupportedMediaType');
  let file: DocumentUpload | null = null;
  let current = '';
  const tooLarge = () =>
    new AppError(413, 'appointmentDocumentTooLarge', {
      filename: cleanFilename(current),
      limit: megabytes(maxBytes),
    });
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 5 } })) {
      if (part.type !== 'file') continue;
      current = part.filename;
      const content = await part.toBuffer();
      if (part.file.truncated) throw tooLarge();
      // a form submitted without choosing a file sends an empty part without a name
      if (part.filename === '' && content.length === 0) continue;
      file = { filename: part.filename, declaredType: part.mimetype, content };
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw error;
  }
  if (!file)
    throw new AppError(400, 'appointmentDocumentMissing', {}, [{ field: 'body.file', message: 'required' }]);
  return file;
}

export function appointmentDocumentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['appointments'];
  const publicRoute = { public: true } as const;

  r.get(
    '/api/v1/public/appointments/:bookingNumber/documents',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: "The citizen's uploaded documents (booking number + code), the limits and the upload page",
        security: [],
        params: statusLookupParams,
        querystring: statusLookupQuery,
        response: { 200: citizenListSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const id = await appointmentByCode(ctx, request.params.bookingNumber, request.query.code);
      const settings = await loadSettings(ctx.db);
      const appointment = await ctx.db
        .selectFrom('appointments')
        .select(['status', 'starts_at', 'anonymised_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return {
        items: await listDocuments(ctx.db, id),
        limits: documentLimits(settings),
        open: documentsClosedReason(appointment, new Date()) === null,
        uploadUrl: documentsUrl(
          ctx.config,
          documentsToken(settings.hmac_key, id, request.params.bookingNumber),
        ),
      };
    },
  );

  r.post(
    '/api/v1/public/appointments/:bookingNumber/documents',
    {
      config: publicRoute,
      schema: {
        tags,
        summary:
          'Upload a document before the appointment (multipart/form-data, field "file"; PDF, JPEG, PNG)',
        security: [],
        consumes: ['multipart/form-data'],
        params: statusLookupParams,
        querystring: statusLookupQuery,
        response: { 201: documentSchema },
      },
    },
    async (request, reply) => {
      const id = await appointmentByCode(ctx, request.params.bookingNumber, request.query.code);
      const limits = documentLimits(await loadSettings(ctx.db));
      const file = await readUploadedFile(request, limits.maxFileBytes);
      return reply.status(201).send(await uploadDocument(ctx, id, file));
    },
  );

  r.delete(
    '/api/v1/public/appointments/:bookingNumber/documents/:documentId',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'Delete one of the uploaded documents before the appointment',
        security: [],
        params: documentParams,
        querystring: statusLookupQuery,
      },
    },
    async (request, reply) => {
      const id = await appointmentByCode(ctx, request.params.bookingNumber, request.query.code);
      await deleteDocument(ctx, id, request.params.documentId);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/appointments/:id/documents',
    {
      schema: {
        tags,
        summary: 'Documents the citizen uploaded (assigned clerk, deputy after forwarding, admins)',
        params: clerkParams,
        response: { 200: z.object({ items: z.array(documentSchema) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const appointment = await findClerkAppointment(ctx.db, actor, request.params.id);
      return { items: await listDocuments(ctx.db, appointment.id) };
    },
  );

  r.get(
    '/api/v1/appointments/:id/documents/:documentId',
    {
      schema: {
        tags,
        summary: 'Download one uploaded document (as attachment); each download is audited',
        params: clerkDocumentParams,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const doc = await downloadDocument(ctx, actor, request.params.id, request.params.documentId);
      return reply
        .type(doc.content_type)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(doc.content);
    },
  );
}
