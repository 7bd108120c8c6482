import { ApiError, type Problem, request } from './api';

// Client of the staff plan, assets, imports and the register of specialist applications.

export interface OrgRef {
  id: number;
  name: string;
}

export interface PositionRef {
  positionNumber: string;
  title: string;
  orgUnit: OrgRef;
}

export interface Asset {
  inventoryNumber: string;
  type: string;
  manufacturer: string | null;
  model: string | null;
  serialNumber: string | null;
  hostname: string | null;
  operatingSystem: string | null;
  lastSeenAt: string | null;
  status: string;
  location: string | null;
  warrantyEnd: string | null;
  position: PositionRef | null;
  version: number;
}

export interface AssetDetail extends Asset {
  assignments: {
    positionNumber: string | null;
    positionTitle: string | null;
    assignedAt: string;
    endedAt: string | null;
    ticketNumber: string | null;
    assignedBy: string | null;
    source: string;
  }[];
  allowedStatuses: string[];
  can: { assign: boolean; edit: boolean };
}

export interface ShouldIs {
  lines: { assetType: string; should: number; is: number; missing: number; surplus: number }[];
  missing: number;
  surplus: number;
}

export interface PositionDetail extends PositionRef {
  positionType: string;
  fte: number;
  closedOn: string | null;
  vacant: boolean;
  holders: {
    person: { id: number; name: string; login: string };
    validFrom: string;
    validTo: string | null;
    share: number;
    current: boolean;
  }[];
  assets: Asset[];
  shouldIs: ShouldIs;
  /** viewEquipment false: the equipment of this position is not the caller's to see (no assets, empty should/is) */
  can: { manage: boolean; viewEquipment: boolean };
}

export interface ImportReport {
  dryRun: boolean;
  encoding: string;
  delimiter: string | null;
  summary: Record<string, number>;
  rows: {
    line: number;
    action: 'create' | 'update' | 'unchanged' | 'error';
    inventoryNumber: string | null;
    serialNumber: string | null;
    changes: string[];
    errors: { code: string; field?: string; message: string }[];
  }[];
  rowsOmitted: number;
}

/** An import run (POST answers 202 with it; GET /imports/{id} while it works): the report when done. */
export interface ImportRun {
  id: number;
  kind: 'assets' | 'positions';
  dryRun: boolean;
  state: 'queued' | 'running' | 'done' | 'failed';
  phase: 'reading' | 'planning' | 'applying' | 'finished';
  rowsTotal: number | null;
  rowsDone: number;
  progress: number;
  error: { code: string; detail: string } | null;
  result: ImportReport | null;
}

export const getImportRun = (id: number, signal?: AbortSignal) =>
  request<ImportRun>('GET', `/imports/${id}`, undefined, signal);

export interface ResponsibilityModel {
  key: string;
  code: string;
  rank: number;
  name: string;
  description: string;
  duties: Record<string, 'department' | 'it' | 'shared'>;
}

export interface Application {
  id: number;
  name: string;
  vendor: string;
  purpose: string;
  criticality: string;
  responsibilityModel: ResponsibilityModel;
  ownerOrgUnit: OrgRef;
  businessContact: { position: { positionNumber: string; title: string } | null; person: OrgRef | null };
  itGroup: OrgRef | null;
  itContact: { position: { positionNumber: string; title: string } | null; person: OrgRef | null };
  licences: { count: number | null; used: number | null; renewalOn: string | null };
}

const qs = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
  const text = search.toString();
  return text ? `?${text}` : '';
};
const enc = encodeURIComponent;

export const getMyAssets = (signal?: AbortSignal) =>
  request<{ positions: { positionNumber: string; title: string; assets: Asset[] }[] }>(
    'GET',
    '/me/assets',
    undefined,
    signal,
  );
export const getPosition = (positionNumber: string, signal?: AbortSignal) =>
  request<PositionDetail>('GET', `/positions/${enc(positionNumber)}`, undefined, signal);
export const listAssets = (filters: Record<string, string | undefined>, signal?: AbortSignal) =>
  request<{ items: Asset[]; nextCursor: string | null }>('GET', `/assets${qs(filters)}`, undefined, signal);
export const getAsset = (inventoryNumber: string, signal?: AbortSignal) =>
  request<AssetDetail>('GET', `/assets/${enc(inventoryNumber)}`, undefined, signal);
export const assignAsset = (
  inventoryNumber: string,
  body: { positionNumber: string; ticketNumber?: string },
) => request<AssetDetail>('POST', `/assets/${enc(inventoryNumber)}/assignment`, body);
export const listApplications = (filters: Record<string, string | undefined>, signal?: AbortSignal) =>
  request<{ items: Application[]; canEdit: boolean }>(
    'GET',
    `/applications${qs(filters)}`,
    undefined,
    signal,
  );
export const listResponsibilityModels = (signal?: AbortSignal) =>
  request<{ items: ResponsibilityModel[] }>('GET', '/responsibility-models', undefined, signal);

/**
 * Uploads an import file as the raw body with XMLHttpRequest, because fetch reports no upload
 * progress: onProgress gets 0…1 while uploading, then null until the server accepted the file.
 * Resolves with the accepted run (202); its progress and report come from getImportRun.
 */
export function uploadImport(
  kind: 'assets' | 'positions',
  file: File,
  dryRun: boolean,
  csrfToken: string | null,
  language: string,
  onProgress: (fraction: number | null) => void,
): Promise<ImportRun> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/imports/${kind}?dryRun=${dryRun}`);
    const type = file.name.toLowerCase().endsWith('.xlsx')
      ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      : 'text/csv';
    xhr.setRequestHeader('Content-Type', type);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', language);
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.upload.onload = () => onProgress(null);
    xhr.onload = () => {
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as ImportRun);
      else
        reject(
          new ApiError(
            (data as Problem) ?? { type: 'about:blank', title: xhr.statusText, status: xhr.status },
          ),
        );
    };
    xhr.onerror = () =>
      reject(new ApiError({ type: 'about:blank', title: 'Network error', status: 0, code: 'NETWORK' }));
    xhr.send(file);
  });
}
