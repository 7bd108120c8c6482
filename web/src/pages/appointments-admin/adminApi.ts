import { request } from '../../api';

// The admin API of appointments (offices, concerns, clerks, settings, statistics) as the admin page uses it.

export type Mode = 'inPerson' | 'phone' | 'video';
export const modes: Mode[] = ['inPerson', 'phone', 'video'];
/** weekday "0".."6" (0 = Sunday) → windows [["08:00","12:00"], …] */
export type WeeklyHours = Record<string, Array<[string, string]>>;

export interface AdminOffice {
  id: number;
  name: string;
  address: string;
  directions: string;
  mapUrl: string | null;
  openingHours: WeeklyHours;
  closingDays: Array<{ day: string; reason: string }>;
  videoUrlTemplate: string | null;
  phoneNote: string;
  active: boolean;
}
export interface AdminService {
  id: number;
  officeId: number;
  nameDe: string;
  nameEn: string;
  durationMinutes: number;
  documentsDe: string;
  documentsEn: string;
  modes: Mode[];
  leadTimeMinutes: number;
  horizonDays: number;
  bufferMinutes: number;
  clerkIds: number[];
  active: boolean;
}
export interface AdminClerk {
  id: number;
  officeId: number;
  personId: number;
  personName: string;
  letters: [string, string] | null;
  schedule: WeeklyHours;
  deputyClerkId: number | null;
  active: boolean;
}
export const settingNames = [
  'holdMinutes',
  'retentionDays',
  'holdsPerIpPerHour',
  'holdsPerEmailPerHour',
  'maxOpenPerEmail',
  'cancelledSlotBlockMinutes',
  'maxUploadMb',
  'maxTotalUploadMb',
  'maxFilesPerAppointment',
  'altchaMaxNumber',
] as const;
export type SettingName = (typeof settingNames)[number];
export type AppointmentSettings = Record<SettingName, number> & {
  version: number;
  ranges: Record<SettingName, { min: number; max: number; default: number }>;
};
export interface StatisticsRow {
  serviceId: number | null;
  serviceNameDe: string;
  serviceNameEn: string;
  bookings: number;
  cancellations: number;
  noShows: number;
  done: number;
  averageLeadTimeHours: number | null;
  bookedMinutes: number;
  offeredMinutes: number | null;
  utilisation: number | null;
}
export interface Statistics {
  items: StatisticsRow[];
  total: StatisticsRow;
}

type Kind = 'offices' | 'services' | 'clerks';
const list =
  <T>(kind: Kind) =>
  (officeId: number | null, signal: AbortSignal) =>
    request<{ items: T[] }>(
      'GET',
      `/admin/appointment-${kind}${officeId ? `?officeId=${officeId}` : ''}`,
      undefined,
      signal,
    );
export const listOffices = list<AdminOffice>('offices');
export const listServices = list<AdminService>('services');
export const listClerks = list<AdminClerk>('clerks');

/** POST a new one (id null) or PUT the changes of an existing one. */
export const saveAdmin = <T>(kind: Kind, id: number | null, body: Record<string, unknown>) =>
  request<T>(id === null ? 'POST' : 'PUT', `/admin/appointment-${kind}${id === null ? '' : `/${id}`}`, body);

export const listPersons = (signal: AbortSignal) =>
  request<{ items: Array<{ id: number; name: string; login: string }> }>(
    'GET',
    '/admin/appointment-persons',
    undefined,
    signal,
  );
export const getSettings = (signal: AbortSignal) =>
  request<AppointmentSettings>('GET', '/admin/appointment-settings', undefined, signal);
export const putSettings = (body: Partial<Record<SettingName, number>> & { version: number }) =>
  request<AppointmentSettings>('PUT', '/admin/appointment-settings', body);
export const getStatistics = (query: string, signal: AbortSignal) =>
  request<Statistics>('GET', `/appointments/statistics?${query}`, undefined, signal);
export const statisticsCsvUrl = (query: string) => `/api/v1/appointments/statistics.csv?${query}`;
