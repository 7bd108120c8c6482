import { migrate } from '../db/database';
import { describeDatabase, withDatabase } from './open-database';
import { parseOptions } from './usage';

export const migrateUsage = `amtsdesk migrate

Bringt die Datenbank auf den neuesten Stand; legt die eingebettete Datenbank an, wenn es sie noch
nicht gibt. „npm start“ tut das bei jedem Start ebenfalls.
(Runs the database migrations; creates the embedded database when there is none yet.)
`;

export async function runMigrate(argv: string[]): Promise<number> {
  parseOptions(argv, {}, migrateUsage);
  return withDatabase({ create: true }, async (ctx) => {
    const applied = await migrate(ctx.db);
    console.log(`Datenbank: ${describeDatabase(ctx.config)}`);
    console.log(
      applied.length
        ? `Migrationen ausgeführt (applied): ${applied.join(', ')}`
        : 'Datenbank ist bereits aktuell (already up to date).',
    );
    return 0;
  });
}
