import { sql } from 'kysely';
import { recordAudit } from '../modules/audit/audit-log';
import { hashPassword } from '../modules/auth/passwords';
import { clearSignInFailures } from '../modules/auth/sign-in-throttle';
import { withDatabase } from './open-database';
import { choosePassword } from './passwords';
import { validateLogin } from './person-input';
import { parseOptions, required, UsageError } from './usage';

export const resetPasswordUsage = `amtsdesk reset-password --login LOGIN [--password PASSWORT | --password-stdin]

Setzt ein neues Passwort, beendet alle Sitzungen der Person und hebt die Anmeldesperre nach
Fehlversuchen auf. Ohne --password wird ein Passwort erzeugt und einmal ausgegeben.
(Sets a new password, ends all sessions of the person and clears the failed sign-in throttle.
Without --password one is generated and printed once.) API-Tokens bleiben gültig (API tokens stay valid).

  --login LOGIN          Anmeldename (sign-in name, case-insensitive)
  --password PASSWORT    neues Passwort, mindestens 10 Zeichen
  --password-stdin       Passwort aus der ersten Zeile der Standardeingabe lesen
`;

const options = {
  login: { type: 'string' },
  password: { type: 'string' },
  'password-stdin': { type: 'boolean' },
} as const;

export async function runResetPassword(argv: string[]): Promise<number> {
  const usage = resetPasswordUsage;
  const { values } = parseOptions(argv, options, usage);
  const login = validateLogin(required(values.login, '--login', usage), usage);
  const { password, generated } = await choosePassword(values, usage);
  const passwordHash = await hashPassword(password);

  return withDatabase({}, async (ctx) => {
    const result = await ctx.db.transaction().execute(async (trx) => {
      const person = await trx
        .selectFrom('persons')
        .select(['id', 'login', 'active'])
        .where(sql`lower(login)`, '=', login.toLowerCase())
        .forUpdate()
        .executeTakeFirst();
      if (!person) throw new UsageError(`Kein Benutzerkonto „${login}“ gefunden (unknown login).`, usage);
      await trx
        .updateTable('persons')
        .set({ password_hash: passwordHash, updated_at: new Date() })
        .where('id', '=', person.id)
        .execute();
      const sessions = await trx.deleteFrom('sessions').where('person_id', '=', person.id).executeTakeFirst();
      await clearSignInFailures(trx, person.login);
      const sessionsEnded = Number(sessions.numDeletedRows);
      await recordAudit(trx, null, 'person.passwordReset', 'person', person.id, null, {
        login: person.login,
        sessionsEnded,
        via: 'cli',
      });
      return { person, sessionsEnded };
    });
    console.log(
      `Passwort von „${result.person.login}“ neu gesetzt (password reset); ${result.sessionsEnded} Sitzung(en) beendet.`,
    );
    if (!result.person.active)
      console.log(
        'Hinweis: Das Konto ist deaktiviert und kann sich trotzdem nicht anmelden (account inactive).',
      );
    if (generated) console.log(`Passwort (generated password): ${password}`);
    return 0;
  });
}
