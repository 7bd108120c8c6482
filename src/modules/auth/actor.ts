import { type Kysely, sql } from 'kysely';
import { queryPrepared } from '../../db/prepared';
import type { DB, Role } from '../../db/schema';

/** The signed-in caller with everything the policies need, loaded by one query per request. */
export interface Actor {
  id: number;
  login: string;
  name: string;
  email: string | null;
  locale: 'de' | 'en';
  orgUnitId: number | null;
  orgUnitName: string | null;
  roles: { role: Role; orgUnitId: number | null }[];
  /** groups the person is a member of */
  groupIds: number[];
  /** org units (subtrees) whose requesters' tickets a coordinator may see */
  coordinatedOrgUnitIds: number[];
  /** groups within the subtree of an IT head */
  headedGroupIds: number[];
  isAdmin: boolean;
  isAgent: boolean;
}

interface ActorRow {
  id: number;
  login: string;
  name: string;
  email: string | null;
  locale: 'de' | 'en';
  org_unit_id: number | null;
  org_unit_name: string | null;
  roles: { role: Role; orgUnitId: number | null }[];
  group_ids: number[];
  coordinated_org_unit_ids: number[];
  headed_group_ids: number[];
}

export interface SessionInfo {
  id: string;
  csrfToken: string;
  lastSeenAt: Date;
}

export interface TokenInfo {
  id: number;
  lastUsedAt: Date | null;
  scopes: string[];
}

export async function loadActor(db: Kysely<DB>, personId: number): Promise<Actor | null> {
  return (await queryActor(db, { personId }))?.actor ?? null;
}

/** The caller of a live session and the session itself, in one round trip (every request does this). */
export async function loadSessionActor(
  db: Kysely<DB>,
  sessionId: string,
  database?: PreparedTarget,
): Promise<{ actor: Actor; session: SessionInfo } | null> {
  const result = await queryActor(db, { sessionId }, database);
  if (!result?.session) return null;
  return { actor: result.actor, session: result.session };
}

/** The owner of a live (not revoked, not expired) API token and the token, in one round trip. */
export async function loadTokenActor(
  db: Kysely<DB>,
  tokenHash: string,
  database?: PreparedTarget,
): Promise<{ actor: Actor; token: TokenInfo } | null> {
  const result = await queryActor(db, { tokenHash }, database);
  if (!result?.token) return null;
  return { actor: result.actor, token: result.token };
}

type ActorSource = { personId: number } | { sessionId: string } | { tokenHash: string };

/** given: the lookup runs as a prepared statement on a PostgreSQL server (see db/prepared.ts) */
type PreparedTarget = Parameters<typeof queryPrepared>[0];

async function queryActor(db: Kysely<DB>, source: ActorSource, database?: PreparedTarget) {
  // the person, reached through the session or token when there is one (both must be live)
  const from =
    'sessionId' in source
      ? sql`sessions s JOIN persons p ON p.id = s.person_id
          LEFT JOIN api_tokens t ON false
          WHERE s.id = ${source.sessionId} AND s.expires_at > now()`
      : 'tokenHash' in source
        ? sql`api_tokens t JOIN persons p ON p.id = t.person_id
          LEFT JOIN sessions s ON false
          WHERE t.token_hash = ${source.tokenHash} AND t.revoked_at IS NULL
            AND t.expires_at > now()`
        : sql`persons p LEFT JOIN sessions s ON false LEFT JOIN api_tokens t ON false
          WHERE p.id = ${source.personId}`;
  const query = sql<
    ActorRow & {
      csrf_token: string | null;
      last_seen_at: Date | null;
      token_id: number | null;
      token_last_used_at: Date | null;
      token_scopes: string[] | null;
    }
  >`
    SELECT s.csrf_token, s.last_seen_at, t.id AS token_id, t.last_used_at AS token_last_used_at,
      t.scopes AS token_scopes,
      p.id, p.login, p.name, p.email, p.locale, p.org_unit_id,
      (SELECT ou.name FROM org_units ou WHERE ou.id = p.org_unit_id) AS org_unit_name,
      COALESCE((SELECT json_agg(json_build_object('role', r.role, 'orgUnitId', r.org_unit_id))
                FROM role_assignments r WHERE r.person_id = p.id), '[]') AS roles,
      COALESCE((SELECT json_agg(gm.group_id) FROM group_members gm WHERE gm.person_id = p.id), '[]') AS group_ids,
      COALESCE((SELECT json_agg(DISTINCT sub.id) FROM role_assignments r
                JOIN org_units scope ON scope.id = r.org_unit_id
                JOIN org_units sub ON sub.path LIKE scope.path || '%'
                WHERE r.person_id = p.id AND r.role = 'coordinator'), '[]') AS coordinated_org_unit_ids,
      COALESCE((SELECT json_agg(DISTINCT g.id) FROM role_assignments r
                JOIN org_units scope ON scope.id = r.org_unit_id
                JOIN org_units sub ON sub.path LIKE scope.path || '%'
                JOIN groups g ON g.org_unit_id = sub.id
                WHERE r.person_id = p.id AND r.role = 'itHead'), '[]') AS headed_group_ids
    FROM ${from} AND p.active`;
  const rows = (await queryPrepared(database, 'actor', query.compile(db))) ?? (await query.execute(db)).rows;
  const row = rows[0];
  if (!row) return null;
  const roleNames = new Set(row.roles.map((r) => r.role));
  const session =
    'sessionId' in source && row.csrf_token && row.last_seen_at
      ? { id: source.sessionId, csrfToken: row.csrf_token, lastSeenAt: row.last_seen_at }
      : null;
  const token =
    row.token_id !== null
      ? { id: Number(row.token_id), lastUsedAt: row.token_last_used_at, scopes: row.token_scopes ?? [] }
      : null;
  const actor: Actor = {
    id: row.id,
    login: row.login,
    name: row.name,
    email: row.email,
    locale: row.locale,
    orgUnitId: row.org_unit_id,
    orgUnitName: row.org_unit_name,
    roles: row.roles,
    groupIds: row.group_ids,
    coordinatedOrgUnitIds: row.coordinated_org_unit_ids,
    headedGroupIds: row.headed_group_ids,
    isAdmin: roleNames.has('admin'),
    isAgent: roleNames.has('agent') || roleNames.has('itHead') || roleNames.has('admin'),
  };
  return { actor, session, token };
}

/**
 * The same person with requester rights only: own tickets, no groups, no coordinator, IT-head or
 * admin scope. Used where the identity is a claim nobody vouched for (an unverified mail sender).
 */
export function requesterOnly(actor: Actor): Actor {
  return {
    ...actor,
    roles: actor.roles.filter((r) => r.role === 'requester'),
    groupIds: [],
    coordinatedOrgUnitIds: [],
    headedGroupIds: [],
    isAdmin: false,
    isAgent: false,
  };
}
