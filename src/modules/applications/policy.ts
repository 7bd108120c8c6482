import type { Actor } from '../auth/actor';

/**
 * The register is a transparent list: every employee reads it. IT (agents, IT heads), the
 * digitalisation unit and admins maintain it.
 */
export const maintainsRegister = (actor: Actor) =>
  actor.isAgent || actor.isAdmin || actor.roles.some((r) => r.role === 'digitalisation');
