import type { presentMePosition } from '../positions/presenter';
import type { Actor } from './actor';

export function presentMe(
  actor: Actor,
  groups: { id: number; name: string }[],
  csrfToken: string | null,
  positions: ReturnType<typeof presentMePosition>[],
) {
  return {
    id: actor.id,
    login: actor.login,
    name: actor.name,
    email: actor.email,
    locale: actor.locale,
    orgUnit: actor.orgUnitId === null ? null : { id: actor.orgUnitId, name: actor.orgUnitName ?? '' },
    roles: actor.roles,
    groups,
    isAgent: actor.isAgent,
    isAdmin: actor.isAdmin,
    csrfToken,
    positions,
  };
}

export function presentToken(row: {
  id: number;
  name: string;
  scopes: string[];
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date;
}) {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
  };
}
