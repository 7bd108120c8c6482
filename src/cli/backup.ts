import fs from 'node:fs';
import path from 'node:path';
import { DatabaseLockedError, openDatabase } from '../db/database';
import { cliConfig, hasEmbeddedDatabase, withDatabase } from './open-database';
import { CliError, parseOptions, required, UsageError } from './usage';

export const backupUsage = `amtsdesk backup --out DATEI

Eingebettete Datenbank: schreibt das ganze Datenverzeichnis als .tar.gz. Der Server muss dafür
gestoppt sein (die Datenbank ist sonst belegt, Exit-Code 2).
PostgreSQL-Server (DATABASE_URL): Werkzeug ist pg_dump; der Befehl gibt die Kommandozeile aus.
(Embedded: writes the data directory as .tar.gz while the server is stopped.
With DATABASE_URL use pg_dump; this command prints the command line and exits with 1.)

  --out DATEI   Zieldatei, z. B. amtsdesk-2025-01-31.tar.gz (darf noch nicht existieren)
`;

export const restoreUsage = `amtsdesk restore --from DATEI

Spielt eine mit „amtsdesk backup“ erstellte Sicherung in ein leeres oder noch nicht vorhandenes
Datenverzeichnis (AMTSDESK_DATA) ein. Beim nächsten „npm start“ wird bei Bedarf migriert.
(Restores a backup into an empty or absent data directory. PostgreSQL server: use pg_restore.)

  --from DATEI  die Sicherung (.tar.gz)
`;

const serverHint = (file: string) => `Mit DATABASE_URL liegt die Datenbank auf einem PostgreSQL-Server.
Sichern Sie sie mit pg_dump (gleiche oder neuere Version als der Server):
  pg_dump --format=custom --file=${file} "$DATABASE_URL"
Wiederherstellen in eine leere Datenbank:
  pg_restore --no-owner --dbname="$DATABASE_URL" ${file}
(With DATABASE_URL the tool is pg_dump/pg_restore; nothing was written.)`;

const inside = (dir: string, file: string) => !path.relative(dir, file).startsWith('..');

export async function runBackup(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, { out: { type: 'string' } }, backupUsage);
  const out = path.resolve(required(values.out, '--out', backupUsage));
  const config = cliConfig();
  if (config.databaseUrl) {
    console.error(serverHint(values.out as string));
    return 1;
  }
  if (fs.existsSync(out))
    throw new UsageError(`Die Datei ${out} existiert bereits (file exists).`, backupUsage);
  if (!fs.existsSync(path.dirname(out)))
    throw new UsageError(
      `Das Verzeichnis ${path.dirname(out)} gibt es nicht (no such directory).`,
      backupUsage,
    );
  if (inside(config.dataDir, out))
    throw new UsageError(
      'Die Sicherung darf nicht im Datenverzeichnis liegen (not inside the data directory).',
      backupUsage,
    );
  return withDatabase({}, async (ctx) => {
    await ctx.database.pool.query('CHECKPOINT');
    const dump = await ctx.database.dumpDataDir?.();
    if (!dump) throw new CliError('Diese Datenbank kann nicht als Verzeichnis gesichert werden.');
    // write next to the target and rename: a crash never leaves a half backup under the final name
    const partial = `${out}.partial`;
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()), { flag: 'wx' });
    fs.renameSync(partial, out);
    const size = (fs.statSync(out).size / 1024 / 1024).toFixed(1);
    console.log(`Sicherung geschrieben (backup written): ${out} (${size} MB)`);
    return 0;
  });
}

export async function runRestore(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, { from: { type: 'string' } }, restoreUsage);
  const from = path.resolve(required(values.from, '--from', restoreUsage));
  const config = cliConfig();
  if (config.databaseUrl) {
    console.error(serverHint(values.from as string));
    return 1;
  }
  if (!fs.existsSync(from))
    throw new UsageError(`Die Datei ${from} gibt es nicht (no such file).`, restoreUsage);
  const content = fs.readFileSync(from);
  if (content.length < 2 || content[0] !== 0x1f || content[1] !== 0x8b)
    throw new UsageError(`${from} ist keine .tar.gz-Sicherung von amtsdesk (not a gzip file).`, restoreUsage);
  const dir = config.dataDir;
  const existed = fs.existsSync(dir);
  if (hasEmbeddedDatabase(dir))
    throw new CliError(
      `In ${dir} liegt bereits eine Datenbank; restore überschreibt nichts (refusing to overwrite). ` +
        'Anderes AMTSDESK_DATA wählen oder das Verzeichnis zuerst wegräumen.',
    );
  if (existed && fs.readdirSync(dir).length > 0)
    throw new CliError(`Das Verzeichnis ${dir} ist nicht leer (directory not empty).`);
  try {
    const database = await openDatabase({
      databaseUrl: null,
      dataDir: dir,
      loadDataDir: new Blob([content], { type: 'application/x-gzip' }),
    });
    try {
      const { rows } = await database.pool.query<{ persons: number; tickets: number }>(
        'SELECT (SELECT count(*) FROM persons)::int AS persons, (SELECT count(*) FROM tickets)::int AS tickets',
      );
      console.log(
        `Sicherung eingespielt (restored) nach ${dir}: ${rows[0].persons} Benutzerkonten, ${rows[0].tickets} Tickets.`,
      );
    } finally {
      await database.close();
    }
    return 0;
  } catch (error) {
    // leave the directory as empty as it was
    if (!(error instanceof DatabaseLockedError)) {
      if (existed)
        for (const entry of fs.readdirSync(dir))
          fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
      else fs.rmSync(dir, { recursive: true, force: true });
      throw new CliError(
        `Die Sicherung konnte nicht eingespielt werden (restore failed), ${dir} bleibt leer: ${(error as Error).message}`,
      );
    }
    throw error;
  }
}
