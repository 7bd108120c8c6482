import { type Kysely, sql } from 'kysely';
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

export async function loadActor(db: Kysely<DB>, personId: number): Promise<Actor | null> {
  return (await queryActor(db, sql`p.id = ${personId}`))?.actor ?? null;
}

/** The caller of a live session and the session itself, in one round trip (every request does this). */
export async function loadSessionActor(
  db: Kysely<DB>,
  sessionId: string,
): Promise<{ actor: Actor; session: SessionInfo } | null> {
  const result = await queryActor(
    db,
    sql`p.id = (SELECT person_id FROM sessions WHERE id = ${sessionId} AND expires_at > now())`,
    sessionId,
  );
  if (!result?.session) return null;
  return { actor: result.actor, session: result.session };
}

async function queryActor(db: Kysely<DB>, where: ReturnType<typeof sql>, sessionId: string | null = null) {
  const { rows } = await sql<ActorRow & { csrf_token: string | null; last_seen_at: Date | null }>`
    SELECT s.csrf_token, s.last_seen_at, p.id, p.login, p.name, p.email, p.locale, p.org_unit_id, ou.name AS org_unit_name,
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
    FROM persons p LEFT JOIN org_units ou ON ou.id = p.org_unit_id
    LEFT JOIN sessions s ON s.id = ${sessionId}
    WHERE ${where} AND p.active`.execute(db);
  const row = rows[0];
  if (!row) return null;
  const roleNames = new Set(row.roles.map((r) => r.role));
  const session =
    sessionId && row.csrf_token && row.last_seen_at
      ? { id: sessionId, csrfToken: row.csrf_token, lastSeenAt: row.last_seen_at }
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
  return { actor, session };
}
