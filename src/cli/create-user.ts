import { sql } from 'kysely';
import { migrate } from '../db/database';
import type { Role } from '../db/schema';
import { recordAudit } from '../modules/audit/audit-log';
import { buildPerson } from '../modules/org/builders';
import { withDatabase } from './open-database';
import { choosePassword } from './passwords';
import { findOrgUnitByCode, parseRoles, validateEmail, validateLogin, validateName } from './person-input';
import { parseOptions, required, UsageError } from './usage';

export const createUserUsage = `amtsdesk create-user --login LOGIN --name NAME --email MAIL [Optionen]

Legt ein Benutzerkonto an (creates a user account). Ohne --password wird ein Passwort erzeugt und
einmal ausgegeben (without --password one is generated and printed once).

  --login LOGIN          Anmeldename: 2–100 Zeichen A–Z a–z 0–9 . _ @ -
  --name NAME            Anzeigename (display name)
  --email MAIL           E-Mail-Adresse
  --password PASSWORT    Passwort, mindestens 10 Zeichen (at least 10 characters)
  --password-stdin       Passwort aus der ersten Zeile der Standardeingabe lesen (read from stdin)
  --role ROLLE[:KÜRZEL]  Rolle, mehrfach möglich; Standard requester (repeatable, default requester)
                         requester       Anfragende (files tickets)
                         agent           IT-Sachbearbeitung (works tickets of its groups)
                         itHead          IT-Leitung (needs an org unit)
                         coordinator     Koordination eines Amts (needs an org unit)
                         budgetOwner     Budgetverantwortung (needs an org unit)
                         digitalisation  Stabsstelle Digitalisierung
                         admin           Administration
                         Mit :KÜRZEL gilt die Rolle für diese Organisationseinheit, sonst für --org-unit.
  --org-unit KÜRZEL      Organisationseinheit der Person, z. B. 50 (org unit code)
  --group SCHLÜSSEL      Mitglied der Bearbeitungsgruppe, mehrfach möglich, z. B. workplace
  --locale de|en         Sprache der Oberfläche, Standard de

Beispiel: npx amtsdesk create-user --login m.mueller --name "Maria Müller" \\
            --email m.mueller@musterstadt.de --role admin --org-unit IT
`;

const options = {
  login: { type: 'string' },
  name: { type: 'string' },
  email: { type: 'string' },
  password: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  role: { type: 'string', multiple: true },
  'org-unit': { type: 'string' },
  group: { type: 'string', multiple: true },
  locale: { type: 'string' },
} as const;

export async function runCreateUser(argv: string[]): Promise<number> {
  const usage = createUserUsage;
  const { values } = parseOptions(argv, options, usage);
  const login = validateLogin(required(values.login, '--login', usage), usage);
  const name = validateName(required(values.name, '--name', usage), usage);
  const email = validateEmail(required(values.email, '--email', usage), usage);
  const locale = values.locale ?? 'de';
  if (locale !== 'de' && locale !== 'en')
    throw new UsageError(`Unbekannte Sprache „${locale}“ (de oder en).`, usage);
  const personLocale: 'de' | 'en' = locale;
  const roles = parseRoles(values.role ?? ['requester'], values['org-unit'], usage);
  const { password, generated } = await choosePassword(values, usage);

  // a fresh installation may create its first account before the first start
  return withDatabase({ create: true }, async (ctx) => {
    await migrate(ctx.db);
    const person = await ctx.db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('persons')
        .select('id')
        .where(sql`lower(login)`, '=', login.toLowerCase())
        .executeTakeFirst();
      if (taken)
        throw new UsageError(`Der Anmeldename „${login}“ ist bereits vergeben (login taken).`, usage);
      const orgUnit = values['org-unit'] ? await findOrgUnitByCode(trx, values['org-unit'], usage) : null;
      const roleRows: { role: Role; orgUnitId: number | null }[] = [];
      for (const r of roles) {
        const scope = r.scopeCode ? await findOrgUnitByCode(trx, r.scopeCode, usage) : null;
        roleRows.push({ role: r.role, orgUnitId: r.scoped ? (scope?.id ?? orgUnit?.id ?? null) : null });
      }
      const groupIds: number[] = [];
      for (const key of values.group ?? []) {
        const group = await trx.selectFrom('groups').select('id').where('key', '=', key).executeTakeFirst();
        if (!group) throw new UsageError(`Unbekannte Gruppe „${key}“ (unknown group).`, usage);
        groupIds.push(group.id);
      }
      const created = await buildPerson(trx, {
        login,
        name,
        email,
        password,
        locale: personLocale,
        orgUnitId: orgUnit?.id ?? null,
        roles: roleRows,
        groupIds,
      });
      await recordAudit(trx, null, 'person.create', 'person', created.id, null, {
        login,
        name,
        email,
        orgUnitId: orgUnit?.id ?? null,
        roles: roleRows,
        groupIds,
        via: 'cli',
      });
      return created;
    });
    console.log(
      `Benutzerkonto „${person.login}“ angelegt (created, id ${person.id}; Rollen: ${roles.map((r) => r.role).join(', ')}).`,
    );
    if (generated) console.log(`Passwort (generated password): ${password}`);
    return 0;
  });
}
