import { z } from 'zod';
import { absenceKinds, appointmentStatuses, consultationModes } from './tables';

export const modeSchema = z.enum(consultationModes);
const isoDateTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
/** search bounds: an ISO date-time (with or without offset: local time) or a plain date (local midnight) */
const isoBound = z
  .union([z.iso.datetime({ offset: true, local: true }), z.iso.date()])
  .transform((s) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T00:00:00`) : new Date(s)));
const hours = z.record(z.string(), z.array(z.tuple([z.string(), z.string()])));

export const officeSchema = z.object({
  id: z.number(),
  name: z.string(),
  address: z.string(),
  directions: z.string(),
  mapUrl: z.string().nullable(),
  openingHours: hours,
});
export const officeListSchema = z.object({ items: z.array(officeSchema) });
export const officeParams = z.object({ id: z.coerce.number().int().positive() });

export const serviceSchema = z.object({
  id: z.number(),
  officeId: z.number(),
  name: z.string(),
  durationMinutes: z.number(),
  documents: z.string(),
  modes: z.array(modeSchema),
  leadTimeMinutes: z.number(),
  horizonDays: z.number(),
  /** the clerks are split by the surname's initial letter: pass `surname` to the slot search */
  bySurname: z.boolean(),
});
export const serviceListSchema = z.object({ items: z.array(serviceSchema) });

const idList = z
  .string()
  .regex(/^\d+(,\d+)*$/)
  .transform((s) => s.split(',').map(Number));

export const slotsQuery = z.object({
  serviceId: z.coerce.number().int().positive(),
  /** further concerns in the same appointment, comma-separated ids */
  serviceIds: idList.optional(),
  mode: modeSchema,
  from: isoBound.optional(),
  to: isoBound.optional(),
  /** surname (or its first letter): only clerks responsible for it */
  surname: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(1000),
});
export const slotListSchema = z.object({
  items: z.array(z.object({ startsAt: z.date(), endsAt: z.date() })),
});

export const challengeSchema = z.object({
  algorithm: z.literal('SHA-256'),
  challenge: z.string(),
  maxnumber: z.number(),
  salt: z.string(),
  signature: z.string(),
});

export const holdBody = z.object({
  serviceId: z.coerce.number().int().positive(),
  serviceIds: z.array(z.coerce.number().int().positive()).max(5).optional(),
  mode: modeSchema,
  startsAt: isoDateTime,
  name: z.string().trim().min(2).max(200),
  email: z.email().max(254),
  phone: z
    .string()
    .trim()
    .max(50)
    .regex(/^[+()\d\s/-]*$/)
    .optional()
    .nullable(),
  /** the consent checkbox of the booking page; the API accepts its absence (the page enforces it) */
  consent: z.boolean().optional(),
  altcha: z.string().min(1).max(4000),
});

export const holdResponse = z.object({
  bookingNumber: z.string(),
  status: z.literal('held'),
  startsAt: z.date(),
  endsAt: z.date(),
  mode: modeSchema,
  holdExpiresAt: z.date(),
  office: z.object({ id: z.number(), name: z.string() }),
});

export const tokenBody = z.object({ token: z.string().min(10).max(200) });
export const tokenParams = z.object({ token: z.string().min(10).max(200) });
export const tokenResultSchema = z.object({
  bookingNumber: z.string(),
  status: z.enum(appointmentStatuses),
  startsAt: z.date(),
});

/** A document the citizen uploaded before the appointment (metadata only, never the content). */
export const appointmentDocumentSchema = z.object({
  id: z.number(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
  createdAt: z.date(),
});

export const clerkAppointmentSchema = z.object({
  id: z.number(),
  bookingNumber: z.string(),
  status: z.enum(appointmentStatuses),
  mode: modeSchema,
  startsAt: z.date(),
  endsAt: z.date(),
  citizenName: z.string(),
  citizenEmail: z.string().nullable(),
  citizenPhone: z.string().nullable(),
  services: z.array(z.string()),
  officeName: z.string(),
  videoUrl: z.string().nullable(),
  flag: z.string().nullable(),
  clerkId: z.number().optional(),
  clerkName: z.string().optional(),
  /** the caller's own appointment (cancel and done/no-show are for the own clerk) */
  own: z.boolean().optional(),
  /** the citizen's uploaded documents; only where the caller may read them (assigned clerk, admin) */
  documents: z.array(appointmentDocumentSchema).optional(),
});
export const myAppointmentsQuery = z.object({
  date: z.iso.date().optional(),
  days: z.coerce.number().int().min(1).max(31).default(1),
});
export const myAppointmentsSchema = z.object({ items: z.array(clerkAppointmentSchema) });

export const absenceBody = z.object({
  clerkId: z.number().int().positive(),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  kind: z.enum(absenceKinds),
});
export const absenceImportBody = z.object({
  /** the HR export as text (CSV, `;` or `,`), or base64 when it is Windows-1252 */
  csv: z.string().max(2_000_000).optional(),
  csvBase64: z.string().max(3_000_000).optional(),
  officeId: z.number().int().positive().optional(),
});
export const absenceResultSchema = z.object({
  imported: z.number(),
  skipped: z.number(),
  errors: z.array(z.object({ line: z.number(), message: z.string() })),
  forwarded: z.number(),
  flagged: z.number(),
});

export const statusLookupParams = z.object({ bookingNumber: z.string().regex(/^T\d{4}-\d{6}$/) });
export const statusLookupQuery = z.object({ code: z.string().trim().min(6).max(20) });
export const statusLookupSchema = z.object({
  bookingNumber: z.string(),
  status: z.enum(appointmentStatuses),
  mode: modeSchema,
  startsAt: z.date(),
  endsAt: z.date(),
  officeName: z.string(),
  services: z.array(z.string()),
});

export const feedParams = z.object({
  clerkId: z.coerce.number().int().positive(),
  file: z.string().regex(/^[\w-]{20,64}\.ics$/),
});
export const feedListSchema = z.object({
  items: z.array(z.object({ officeName: z.string(), url: z.string() })),
});
export const outcomeBody = z.object({ status: z.enum(['done', 'noShow']) });

// ---------------------------------------------------------------------------------------------
// Clerk side: week view, rebook, forward (issue #7, clerk actions)
// ---------------------------------------------------------------------------------------------

/** `date` + `days` (default: the day) as before; `view=week` the Monday–Sunday week of `date`; or `from`/`to` (local days, inclusive). */
export const myAppointmentsRangeQuery = myAppointmentsQuery
  .extend({
    view: z.enum(['day', 'week']).optional(),
    /** office: the appointments of every clerk of the caller's offices */
    scope: z.enum(['mine', 'office']).optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
  })
  .refine((q) => !q.to || q.from, { path: ['from'], message: 'from is required with to' })
  .refine((q) => !q.from || !q.to || q.to >= q.from, { path: ['to'], message: 'to must not be before from' })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= 30 * 86_400_000, {
    path: ['to'],
    message: 'at most 31 days',
  });
export const myAppointmentsRangeSchema = myAppointmentsSchema.extend({
  /** the local midnights of the range shown: [from, to) */
  from: z.date(),
  to: z.date(),
});

export const rebookBody = z.object({
  startsAt: isoDateTime,
  mode: modeSchema.optional(),
  /** another clerk of the office (default: the appointment's clerk) */
  clerkId: z.number().int().positive().optional(),
});
export const forwardBody = z.object({
  clerkId: z.number().int().positive(),
  /** for the new clerk (in their invitation); the citizen never sees it */
  note: z.string().trim().max(1000).optional().nullable(),
});
export const clerkChangeResultSchema = z.object({
  bookingNumber: z.string(),
  status: z.enum(appointmentStatuses),
  startsAt: z.date(),
  endsAt: z.date(),
  mode: modeSchema,
  clerkId: z.number(),
  clerkName: z.string(),
});
export const rebookSlotsQuery = z.object({
  mode: modeSchema.optional(),
  from: isoBound.optional(),
  to: isoBound.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export const rebookSlotsSchema = z.object({
  items: z.array(z.object({ startsAt: z.date(), endsAt: z.date(), clerkIds: z.array(z.number()) })),
  clerks: z.array(z.object({ id: z.number(), name: z.string() })),
  /** the range this answer covers: [from, until) — until is earlier than `to` when the limit cut the list */
  from: z.date(),
  until: z.date(),
  /** `from` of the next window ("later slots"); null when the range reached the last bookable time */
  next: z.date().nullable(),
  /** no slot may start at or after this (the concerns' booking horizon) */
  latest: z.date(),
});
export const forwardCandidatesSchema = z.object({
  items: z.array(z.object({ clerkId: z.number(), name: z.string() })),
});

// ---------------------------------------------------------------------------------------------
// Citizen side: move (rebook) the own appointment with booking number + status code (issue #7)
// ---------------------------------------------------------------------------------------------

const statusCodeField = z.string().trim().min(6).max(20);
export const citizenRebookSlotsQuery = z.object({
  /** the status code of the mails (as for the status lookup) */
  code: statusCodeField,
  /** default: the appointment's mode; must be offered by all its concerns */
  mode: modeSchema.optional(),
  from: isoBound.optional(),
  to: isoBound.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
});
export const citizenRebookSlotsSchema = z.object({
  bookingNumber: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  mode: modeSchema,
  /** the modes all concerns of the appointment offer */
  modes: z.array(modeSchema),
  /** how many more times the citizen may move it (at most 3 moves per appointment) */
  movesLeft: z.number(),
  items: z.array(
    z.object({
      startsAt: z.date(),
      endsAt: z.date(),
      /** the appointment's own time: choosable only with another mode */
      current: z.boolean(),
    }),
  ),
  /** more free slots follow after the last one: ask again with `from` after it */
  more: z.boolean(),
});
export const citizenRebookBody = z.object({
  code: statusCodeField,
  startsAt: isoDateTime,
  mode: modeSchema.optional(),
});
export const citizenRebookResultSchema = z.object({
  bookingNumber: z.string(),
  status: z.enum(appointmentStatuses),
  startsAt: z.date(),
  endsAt: z.date(),
  mode: modeSchema,
  movesLeft: z.number(),
});
