import { z } from 'zod';
import { type AppointmentSettingsTable, consultationModes } from './tables';

// Admin configuration of offices, concerns and clerks (issue 7, decision record 0007).

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const minutes = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
const window = z
  .tuple([time, time])
  .refine(([a, b]) => minutes(a) < minutes(b), { message: 'the window must end after it starts' });
/** weekday "0".."6" (0 = Sunday) → windows [["08:00","12:00"], …] */
export const weeklyHoursInput = z
  .record(z.enum(['0', '1', '2', '3', '4', '5', '6']), z.array(window).max(8))
  .refine(
    (hours) =>
      Object.values(hours).every((windows) => {
        const sorted = [...(windows ?? [])].sort((x, y) => minutes(x[0]) - minutes(y[0]));
        return sorted.every((w, i) => i === 0 || minutes(sorted[i - 1][1]) <= minutes(w[0]));
      }),
    { message: 'windows of one day must not overlap' },
  );
const httpUrl = z.url({ protocol: /^https?$/ }).max(1000);
const httpsTemplate = z
  .string()
  .max(1000)
  .regex(/^https:\/\/\S+$/, 'an https URL, {room} is replaced by the room name');
const day = z.iso.date();

export const officeInput = z.object({
  name: z.string().trim().min(1).max(200),
  orgUnitId: z.number().int().positive().nullable().optional(),
  address: z.string().max(1000).optional(),
  directions: z.string().max(4000).optional(),
  mapUrl: httpUrl.nullable().optional(),
  openingHours: weeklyHoursInput,
  closingDays: z
    .array(z.object({ day, reason: z.string().max(200).optional() }))
    .max(400)
    .refine((days) => new Set(days.map((d) => d.day)).size === days.length, {
      message: 'each closing day only once',
    })
    .optional(),
  videoUrlTemplate: httpsTemplate.nullable().optional(),
  phoneNote: z.string().max(1000).optional(),
  slotIntervalMinutes: z.number().int().min(5).max(240).optional(),
  active: z.boolean().optional(),
});
export type OfficeInput = z.infer<typeof officeInput>;
export const officeUpdate = officeInput.partial();
export type OfficeUpdate = z.infer<typeof officeUpdate>;

const serviceFields = {
  nameDe: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
  durationMinutes: z.number().int().min(5).max(480),
  documentsDe: z.string().max(4000).optional(),
  documentsEn: z.string().max(4000).optional(),
  modes: z
    .array(z.enum(consultationModes))
    .min(1)
    .refine((m) => new Set(m).size === m.length, { message: 'each mode only once' }),
  leadTimeMinutes: z.number().int().min(0).max(43_200).optional(),
  horizonDays: z.number().int().min(1).max(366).optional(),
  bufferMinutes: z.number().int().min(0).max(120).optional(),
  position: z.number().int().min(0).max(10_000).optional(),
  clerkIds: z.array(z.number().int().positive()).max(500).optional(),
  active: z.boolean().optional(),
};
export const serviceInput = z.object({ officeId: z.number().int().positive(), ...serviceFields });
export type ServiceInput = z.infer<typeof serviceInput>;
/** the office of a concern is fixed; move it by creating a new one */
export const serviceUpdate = z.object(serviceFields).partial();
export type ServiceUpdate = z.infer<typeof serviceUpdate>;

const letter = z.string().regex(/^[A-Z]$/);
const letters = z
  .tuple([letter, letter])
  .refine(([a, b]) => a <= b, { message: 'the range must run from A towards Z' })
  .nullable();
export const clerkInput = z.object({
  officeId: z.number().int().positive(),
  personId: z.number().int().positive(),
  letters: letters.optional(),
  schedule: weeklyHoursInput,
  deputyClerkId: z.number().int().positive().nullable().optional(),
  active: z.boolean().optional(),
});
export type ClerkInput = z.infer<typeof clerkInput>;
export const clerkUpdate = clerkInput.omit({ officeId: true, personId: true }).partial();
export type ClerkUpdate = z.infer<typeof clerkUpdate>;

const hoursOut = z.record(z.string(), z.array(z.tuple([z.string(), z.string()])));
export const adminOfficeSchema = z.object({
  id: z.number(),
  orgUnitId: z.number().nullable(),
  name: z.string(),
  address: z.string(),
  directions: z.string(),
  mapUrl: z.string().nullable(),
  openingHours: hoursOut,
  closingDays: z.array(z.object({ day: z.string(), reason: z.string() })),
  videoUrlTemplate: z.string().nullable(),
  phoneNote: z.string(),
  slotIntervalMinutes: z.number(),
  active: z.boolean(),
});
export const adminServiceSchema = z.object({
  id: z.number(),
  officeId: z.number(),
  nameDe: z.string(),
  nameEn: z.string(),
  durationMinutes: z.number(),
  documentsDe: z.string(),
  documentsEn: z.string(),
  modes: z.array(z.enum(consultationModes)),
  leadTimeMinutes: z.number(),
  horizonDays: z.number(),
  bufferMinutes: z.number(),
  position: z.number(),
  clerkIds: z.array(z.number()),
  active: z.boolean(),
});
export const adminClerkSchema = z.object({
  id: z.number(),
  officeId: z.number(),
  personId: z.number(),
  personName: z.string(),
  letters: z.tuple([z.string(), z.string()]).nullable(),
  schedule: hoursOut,
  deputyClerkId: z.number().nullable(),
  active: z.boolean(),
});
export const adminListQuery = z.object({ officeId: z.coerce.number().int().positive().optional() });
export const adminIdParams = z.object({ id: z.coerce.number().int().positive() });

export const statisticsQuery = z
  .object({
    officeId: z.coerce.number().int().positive(),
    from: z.iso.date(),
    to: z.iso.date(),
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] });
const statsRow = z.object({
  serviceId: z.number().nullable(),
  serviceNameDe: z.string(),
  serviceNameEn: z.string(),
  bookings: z.number(),
  cancellations: z.number(),
  noShows: z.number(),
  done: z.number(),
  averageLeadTimeHours: z.number().nullable(),
  bookedMinutes: z.number(),
  offeredMinutes: z.number().nullable(),
  utilisation: z.number().nullable(),
});
export const statisticsSchema = z.object({
  officeId: z.number(),
  officeName: z.string(),
  from: z.string(),
  to: z.string(),
  total: statsRow,
  items: z.array(statsRow),
});
export type StatisticsRow = z.infer<typeof statsRow>;

/**
 * The module's tunables (one row in appointment_settings), their allowed ranges and defaults.
 * The ranges are checked by the command (422 naming the field) and shown as hints in the form.
 */
const MB = 1024 * 1024;
interface SettingRange {
  column: keyof AppointmentSettingsTable & string;
  min: number;
  max: number;
  default: number;
  /** stored value = shown value × factor */
  factor?: number;
}
const settingRanges = {
  holdMinutes: { column: 'hold_minutes', min: 1, max: 120, default: 15 },
  retentionDays: { column: 'retention_days', min: 1, max: 3650, default: 90 },
  holdsPerIpPerHour: { column: 'holds_per_ip_per_hour', min: 1, max: 10_000, default: 20 },
  holdsPerEmailPerHour: { column: 'holds_per_email_per_hour', min: 1, max: 1000, default: 5 },
  maxOpenPerEmail: { column: 'max_open_per_email', min: 1, max: 100, default: 3 },
  cancelledSlotBlockMinutes: { column: 'cancelled_slot_block_minutes', min: 0, max: 1440, default: 30 },
  // the document limits are stored in bytes (0010); administrators set them in MB (`factor`)
  maxUploadMb: { column: 'document_max_bytes', min: 1, max: 100, default: 10, factor: MB },
  maxTotalUploadMb: { column: 'documents_max_total_bytes', min: 1, max: 1000, default: 25, factor: MB },
  maxFilesPerAppointment: { column: 'documents_max_count', min: 1, max: 50, default: 5 },
  altchaMaxNumber: { column: 'altcha_max_number', min: 1000, max: 10_000_000, default: 50_000 },
} satisfies Record<string, SettingRange>;
export const SETTING_RANGES: Record<keyof typeof settingRanges, SettingRange> = settingRanges;
export type SettingName = keyof typeof SETTING_RANGES;
export const settingNames = Object.keys(SETTING_RANGES) as SettingName[];

/** one zod field per setting, so the list of names is written once more only here (typed) */
function settingFields<T extends z.ZodType>(field: () => T) {
  return {
    holdMinutes: field(),
    retentionDays: field(),
    holdsPerIpPerHour: field(),
    holdsPerEmailPerHour: field(),
    maxOpenPerEmail: field(),
    cancelledSlotBlockMinutes: field(),
    maxUploadMb: field(),
    maxTotalUploadMb: field(),
    maxFilesPerAppointment: field(),
    altchaMaxNumber: field(),
  } satisfies Record<SettingName, T>;
}
/** Only the given settings change; `version` is the one the form was loaded with (409 when stale). */
export const settingsUpdate = z.object({
  version: z.number().int().positive(),
  ...settingFields(() => z.number().int().optional()),
});
export type SettingsUpdate = z.infer<typeof settingsUpdate>;
const range = z.object({ min: z.number(), max: z.number(), default: z.number() });
export const settingsSchema = z.object({
  ...settingFields(() => z.number()),
  version: z.number(),
  ranges: z.object(settingFields(() => range)),
});
