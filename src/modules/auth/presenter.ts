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
