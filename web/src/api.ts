import type {
  Article,
  Attachment,
  Id,
  Me,
  NewTicket,
  Page,
  Person,
  State,
  TicketChange,
  TicketDetail,
  TicketQuery,
  TicketSummary,
  Topic,
} from './types';

// Thin fetch wrapper for /api/v1: JSON in and out, the session cookie, the CSRF token on
// state-changing requests and the UI language in Accept-Language (the server translates names).

const base = '/api/v1';

export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details as the server sends them; status 0 means the network failed. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  /** Field messages keyed by the last segment of the field path ("body.title" → "title"). */
  fieldErrors(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) {
      const name = error.field.split(/[./]/).filter(Boolean).pop() ?? error.field;
      result[name] ??= error.message;
    }
    return result;
  }
}

let csrfToken: string | null = null;
let language = 'de';
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setApiLanguage(lang: string): void {
  language = lang;
}

/** Called when a request of a signed-in session answers 401 (session expired). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(base + path, {
      method,
      headers,
      body: payload,
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, code: 'NETWORK' });
  }
  if (response.status === 204) return undefined as T;

  const data: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (response.status === 401 && path !== '/session' && path !== '/me') onUnauthorized?.();
    throw new ApiError(toProblem(data, response));
  }
  return data as T;
}

function toProblem(data: unknown, response: Response): Problem {
  if (data && typeof data === 'object' && 'status' in data && 'title' in data) return data as Problem;
  return { type: 'about:blank', title: response.statusText, status: response.status };
}

function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const ticketPath = (number: string) => `/tickets/${encodeURIComponent(number)}`;

export const signIn = (login: string, password: string) =>
  request<{ csrfToken: string; me: Me }>('POST', '/session', { login, password });
export const signOut = () => request<void>('DELETE', '/session');
export const getMe = (signal?: AbortSignal) => request<Me>('GET', '/me', undefined, signal);

export const listTopics = (signal?: AbortSignal) =>
  request<{ items: Topic[] }>('GET', '/topics', undefined, signal);
export const listStates = (signal?: AbortSignal) =>
  request<{ items: State[] }>('GET', '/states', undefined, signal);
export const listPersons = (groupId: Id, signal?: AbortSignal) =>
  request<{ items: Person[] }>('GET', `/persons${queryString({ groupId })}`, undefined, signal);

export const listTickets = (query: TicketQuery, signal?: AbortSignal) =>
  request<Page<TicketSummary>>('GET', `/tickets${queryString({ ...query })}`, undefined, signal);
export const getTicket = (number: string, signal?: AbortSignal) =>
  request<TicketDetail>('GET', ticketPath(number), undefined, signal);
export const createTicket = (ticket: NewTicket) => request<TicketDetail>('POST', '/tickets', ticket);
export const updateTicket = (number: string, change: TicketChange) =>
  request<TicketDetail>('PATCH', ticketPath(number), change);
export const addArticle = (number: string, article: { body: string; internal?: boolean }) =>
  request<Article>('POST', `${ticketPath(number)}/articles`, article);

export function uploadAttachment(number: string, file: File, articleId?: Id): Promise<Attachment> {
  const form = new FormData();
  if (articleId !== undefined) form.append('articleId', String(articleId));
  form.append('file', file);
  return request<Attachment>('POST', `${ticketPath(number)}/attachments`, form);
}

export const attachmentUrl = (id: Id) => `${base}/attachments/${id}`;

// mail (admin): the log of inbound mail
export interface InboundMail {
  id: Id;
  receivedAt: string;
  channel: 'smtp' | 'imap';
  from: string | null;
  subject: string | null;
  state: 'received' | 'processing' | 'processed' | 'failed' | 'ignored';
  outcome: string | null;
  error: string | null;
  notes: string;
  ticketNumber: string | null;
  /** null until processed; false: the sender identity is not verified (decision 0009) */
  senderVerified: boolean | null;
  senderVerification:
    | 'smtpAuth'
    | 'relayDmarc'
    | 'relayDkim'
    | 'relaySpf'
    | 'unverified'
    | 'domainMismatch'
    | null;
}

export const listMailLog = (query: { q?: string; state?: string }, signal?: AbortSignal) =>
  request<{ items: InboundMail[]; nextBefore: number | null; counts: Record<InboundMail['state'], number> }>(
    'GET',
    `/admin/mail-log${queryString({ ...query, limit: 100 })}`,
    undefined,
    signal,
  );
export const reprocessMail = (id: Id) => request<void>('POST', `/admin/mail-log/${id}/reprocess`);
// appointments (the public part needs no sign-in)
export type ConsultationMode = 'inPerson' | 'phone' | 'video';
export interface AppointmentOffice {
  id: Id;
  name: string;
  address: string;
  directions: string;
  mapUrl: string | null;
}
export interface AppointmentService {
  id: Id;
  officeId: Id;
  name: string;
  durationMinutes: number;
  documents: string;
  modes: ConsultationMode[];
  /** clerks split by the surname's initial letter: the slot search needs the surname */
  bySurname?: boolean;
}
export interface AppointmentSlot {
  startsAt: string;
  endsAt: string;
}
export interface AltchaChallenge {
  algorithm: string;
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}
export interface AppointmentHold {
  bookingNumber: string;
  startsAt: string;
  endsAt: string;
  holdExpiresAt: string;
}
export interface ClerkAppointment {
  id: Id;
  bookingNumber: string;
  status: string;
  mode: ConsultationMode;
  startsAt: string;
  endsAt: string;
  citizenName: string;
  citizenEmail: string | null;
  citizenPhone: string | null;
  services: string[];
  officeName: string;
  videoUrl: string | null;
  flag: string | null;
  clerkId?: Id;
  clerkName?: string;
  own?: boolean;
  /** the citizen's uploaded documents; only where the caller may read them */
  documents?: AppointmentDocument[];
}
export interface AppointmentDocument {
  id: Id;
  filename: string;
  contentType: string;
  size: number;
  createdAt: string;
}

export const listAppointmentOffices = (signal?: AbortSignal) =>
  request<{ items: AppointmentOffice[] }>('GET', '/public/offices', undefined, signal);
export const listAppointmentServices = (officeId: Id, signal?: AbortSignal) =>
  request<{ items: AppointmentService[] }>('GET', `/public/offices/${officeId}/services`, undefined, signal);
export const listAppointmentSlots = (
  query: { serviceId: Id; serviceIds?: string; mode: ConsultationMode; surname?: string },
  signal?: AbortSignal,
) =>
  request<{ items: AppointmentSlot[] }>(
    'GET',
    `/public/slots${queryString({ ...query })}`,
    undefined,
    signal,
  );
export const getAltchaChallenge = () => request<AltchaChallenge>('GET', '/public/challenge');
export const holdAppointment = (body: {
  serviceId: Id;
  serviceIds?: Id[];
  mode: ConsultationMode;
  startsAt: string;
  name: string;
  email: string;
  phone?: string;
  consent: boolean;
  altcha: string;
}) => request<AppointmentHold>('POST', '/public/appointments', body);
export const listMyAppointments = (date: string, days: number, signal?: AbortSignal) =>
  request<{ items: ClerkAppointment[] }>(
    'GET',
    `/appointments/mine${queryString({ date, days })}`,
    undefined,
    signal,
  );
export const cancelClerkAppointment = (id: Id) => request<unknown>('POST', `/appointments/${id}/cancel`);

export interface IntakeAddress {
  id: Id;
  address: string;
  topic: string | null;
  unknownSenders: 'createContact' | 'refuse';
  reopenDays: number;
  active: boolean;
}

export const listIntakes = (signal?: AbortSignal) =>
  request<{ items: IntakeAddress[] }>('GET', '/admin/mail-intakes', undefined, signal);
export const createIntake = (intake: { address: string; topic: string | null; unknownSenders: string }) =>
  request<IntakeAddress>('POST', '/admin/mail-intakes', intake);
export const recordAppointmentOutcome = (id: Id, status: 'done' | 'noShow') =>
  request<unknown>('POST', `/appointments/${id}/outcome`, { status });
export const listCalendarFeeds = (signal?: AbortSignal) =>
  request<{ items: { officeName: string; url: string }[] }>('GET', '/appointments/feed', undefined, signal);

// appointments: the clerk's week view, rebook and forward
export type AppointmentView = 'day' | 'week';
export const listMyAppointmentRange = (
  date: string,
  view: AppointmentView,
  signal?: AbortSignal,
  scope: 'mine' | 'office' = 'mine',
) =>
  request<{ items: ClerkAppointment[]; from: string; to: string }>(
    'GET',
    `/appointments/mine${queryString({ date, view, scope: scope === 'office' ? scope : undefined })}`,
    undefined,
    signal,
  );
export interface RebookSlot {
  startsAt: string;
  endsAt: string;
  clerkIds: Id[];
}
export interface RebookSlotPage {
  items: RebookSlot[];
  clerks: { id: Id; name: string }[];
  /** the window this page covers, [from, until) */
  from: string;
  until: string;
  /** `from` of the following window; null at the booking horizon */
  next: string | null;
  /** no slot may start at or after this */
  latest: string;
}
export const listRebookSlots = (
  id: Id,
  query: { mode: ConsultationMode; from?: string },
  signal?: AbortSignal,
) =>
  request<RebookSlotPage>(
    'GET',
    `/appointments/${id}/rebook-slots${queryString({ ...query })}`,
    undefined,
    signal,
  );
export interface ClerkChangeResult {
  bookingNumber: string;
  startsAt: string;
  endsAt: string;
  mode: ConsultationMode;
  clerkId: Id;
  clerkName: string;
}
export const rebookClerkAppointment = (
  id: Id,
  body: { startsAt: string; mode?: ConsultationMode; clerkId?: Id },
) => request<ClerkChangeResult>('POST', `/appointments/${id}/rebook`, body);
export const listForwardCandidates = (id: Id, signal?: AbortSignal) =>
  request<{ items: { clerkId: Id; name: string }[] }>(
    'GET',
    `/appointments/${id}/forward-candidates`,
    undefined,
    signal,
  );
export const forwardClerkAppointment = (id: Id, body: { clerkId: Id; note?: string }) =>
  request<ClerkChangeResult>('POST', `/appointments/${id}/forward`, body);
