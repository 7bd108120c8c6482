import { request } from './api';

// Personal API tokens (GET/POST/DELETE /api/v1/tokens): only in a signed-in browser session.

export const TOKEN_AREAS = ['tickets', 'appointments', 'committees', 'budget', 'assets', 'admin'] as const;
export type TokenArea = (typeof TOKEN_AREAS)[number];

export interface ApiToken {
  id: number;
  name: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string;
}

export interface NewApiToken {
  name: string;
  scopes: string[];
  expiresAt: string;
}

export const listTokens = (signal?: AbortSignal) =>
  request<{ items: ApiToken[] }>('GET', '/tokens', undefined, signal);
export const createToken = (body: NewApiToken) =>
  request<ApiToken & { token: string }>('POST', '/tokens', body);
export const revokeToken = (id: number) => request<void>('DELETE', `/tokens/${id}`);
