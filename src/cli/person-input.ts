import type { Kysely, Transaction } from 'kysely';
import type { DB, Role } from '../db/schema';
import { UsageError } from './usage';

// the same rule as the CHECK constraint on persons.login
const LOGIN = /^[A-Za-z0-9._@-]{2,100}$/;

export const ROLES: Role[] = [
  'requester',
  'coordinator',
  'budgetOwner',
  'agent',
  'itHead',
  'digitalisation',
  'admin',
];
/** roles that act on an org unit (subtree); without one they would grant nothing */
const NEEDS_SCOPE: Role[] = ['coordinator', 'budgetOwner', 'itHead'];
/** roles that are global */
const UNSCOPED: Role[] = ['requester', 'admin'];

export function validateLogin(login: string, usage: string) {
  if (!LOGIN.test(login))
    throw new UsageError(
      `Ungültiger Anmeldename „${login}“: 2–100 Zeichen aus A–Z, a–z, 0–9, . _ @ - (invalid login).`,
      usage,
    );
  return login;
}

export function validateName(name: string, usage: string) {
  if (name.length > 200) throw new UsageError('Der Name ist länger als 200 Zeichen (name too long).', usage);
  return name;
}

export function validateEmail(email: string, usage: string) {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254)
    throw new UsageError(`Ungültige E-Mail-Adresse „${email}“ (invalid e-mail address).`, usage);
  return email;
}

export interface RoleInput {
  role: Role;
  scoped: boolean;
  scopeCode: string | null;
}

/** "agent", "coordinator:50": a role and optionally the code of the org unit it applies to. */
export function parseRoles(specs: string[], personOrgUnit: string | undefined, usage: string): RoleInput[] {
  return specs.map((spec) => {
    const [name, ...rest] = spec.split(':');
    const scopeCode = rest.length ? rest.join(':') : null;
    const role = ROLES.find((r) => r.toLowerCase() === name.trim().toLowerCase());
    if (!role)
      throw new UsageError(`Unbekannte Rolle „${name}“ (unknown role). Erlaubt: ${ROLES.join(', ')}.`, usage);
    if (UNSCOPED.includes(role) && scopeCode)
      throw new UsageError(`Die Rolle ${role} gilt immer für die ganze Verwaltung (no org unit).`, usage);
    if (NEEDS_SCOPE.includes(role) && !scopeCode && !personOrgUnit)
      throw new UsageError(
        `Die Rolle ${role} braucht eine Organisationseinheit: --role ${role}:KÜRZEL oder --org-unit KÜRZEL.`,
        usage,
      );
    return { role, scoped: !UNSCOPED.includes(role), scopeCode };
  });
}

export async function findOrgUnitByCode(db: Kysely<DB> | Transaction<DB>, code: string, usage: string) {
  const units = await db
    .selectFrom('org_units')
    .select(['id', 'name'])
    .where('code', '=', code)
    .limit(2)
    .execute();
  if (units.length === 0)
    throw new UsageError(
      `Keine Organisationseinheit mit dem Kürzel „${code}“ (unknown org unit code).`,
      usage,
    );
  if (units.length > 1)
    throw new UsageError(`Das Kürzel „${code}“ ist nicht eindeutig (ambiguous org unit code).`, usage);
  return units[0];
}
