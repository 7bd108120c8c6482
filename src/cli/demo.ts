import { migrate } from '../db/database';
import { DEMO_PASSWORD, demoSignIns, hasDemoData, loadDemoData } from '../modules/demo/load-demo-data';
import { withDatabase } from './open-database';
import { CliError, parseOptions } from './usage';

export const demoUsage = `amtsdesk demo

Lädt die Demo-Kommune „Stadt Musterstadt“ (Organisation, IT-Gruppen, Konten, Tickets) in eine
leere Datenbank. Nur zum Ausprobieren, nie in den Echtbetrieb.
(Loads the demo municipality into an empty database. For trying amtsdesk out, never in production.)
`;

export async function runDemo(argv: string[]): Promise<number> {
  parseOptions(argv, {}, demoUsage);
  return withDatabase({ create: true }, async (ctx) => {
    await migrate(ctx.db);
    if (await hasDemoData(ctx))
      throw new CliError(
        'Die Demo-Daten sind bereits geladen (demo data already loaded): es gibt das Konto „admin“.',
      );
    const persons = await ctx.db
      .selectFrom('persons')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(persons.n) > 0)
      throw new CliError(
        `Die Datenbank enthält bereits ${persons.n} Benutzerkonten; Demo-Daten werden nur in eine leere Datenbank geladen (database not empty).`,
      );
    const { tickets } = await loadDemoData(ctx);
    console.log(`Demo-Kommune geladen (demo loaded): ${tickets} Tickets.`);
    console.log(`Anmeldungen mit dem Passwort „${DEMO_PASSWORD}“ (sign-ins):`);
    for (const s of demoSignIns) console.log(`  ${s.login.padEnd(10)} ${s.role}`);
    return 0;
  });
}
