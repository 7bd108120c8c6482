/**
 * Scopes of personal API tokens (decision record 0010). A scope is `<area>:read` (GET/HEAD) or
 * `<area>:write` (every other method); write does not include read. A scope never adds rights: the
 * owner's roles and the policies still decide, a scope only narrows what the token may reach.
 * The area of a request comes from its route (the first path segment after /api/v1/), so a new
 * module must name its area here — an unlisted segment is closed to tokens (see the route test).
 */
export const TOKEN_AREAS = ['tickets', 'appointments', 'committees', 'budget', 'assets', 'admin'] as const;
export type TokenArea = (typeof TOKEN_AREAS)[number];

export const TOKEN_SCOPES = TOKEN_AREAS.flatMap((area) => [`${area}:read`, `${area}:write`] as const);
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** what a token gets when its creator names no scopes: filing and reading tickets (integrations) */
export const DEFAULT_TOKEN_SCOPES: TokenScope[] = ['tickets:read', 'tickets:write'];

/** the area of each first path segment; `any` needs no scope, `never` is closed to tokens */
const SEGMENT_AREAS: Record<string, TokenArea | 'any' | 'never'> = {
  tickets: 'tickets',
  attachments: 'tickets',
  triage: 'tickets',
  states: 'tickets',
  topics: 'tickets',
  groups: 'tickets',
  'org-units': 'tickets',
  persons: 'tickets',
  rulebook: 'tickets',
  appointments: 'appointments',
  committees: 'committees',
  meetings: 'committees',
  'agenda-items': 'committees',
  decisions: 'committees',
  tasks: 'committees',
  'budget-lines': 'budget',
  orders: 'budget',
  'innovation-rounds': 'budget',
  assets: 'assets',
  positions: 'assets',
  'equipment-profiles': 'assets',
  imports: 'assets',
  applications: 'assets',
  'responsibility-models': 'assets',
  admin: 'admin',
  settings: 'admin',
  // who the token belongs to; /me/assets is equipment (below)
  me: 'any',
  // citizens' pages and signing out need no scope
  public: 'any',
  session: 'any',
  // a token cannot mint, list or revoke tokens: a leaked token must not outlive its revocation
  tokens: 'never',
};

export type TokenAccess = { kind: 'any' } | { kind: 'never' } | { kind: 'scope'; scope: TokenScope };

/** What a token needs for a route pattern (`/api/v1/tickets/:number`) and method. */
export function tokenAccess(routeUrl: string, method: string): TokenAccess {
  const segments = routeUrl.split('/').filter(Boolean); // ['api', 'v1', 'tickets', ':number']
  const first = segments[2] ?? '';
  const area =
    first === 'me' && segments[3] === 'assets'
      ? 'assets'
      : Object.hasOwn(SEGMENT_AREAS, first)
        ? SEGMENT_AREAS[first]
        : 'never';
  if (area === 'any' || area === 'never') return { kind: area };
  const reads = method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
  return { kind: 'scope', scope: `${area}:${reads ? 'read' : 'write'}` };
}
