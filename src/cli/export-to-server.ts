import { copyDatabase, TargetNotEmptyError } from '../db/copy-database';
import { type Database, migrate, openDatabase } from '../db/database';
import { sealAuditLog, verifyAuditLog } from '../modules/audit/audit-log';
import { cliConfig, hasEmbeddedDatabase } from './open-database';
import { CliError, parseOptions, required, UsageError } from './usage';

export const exportUsage = `amtsdesk export-to-server --to postgres://BENUTZER@HOST:5432/DATENBANK

Überträgt die eingebettete Datenbank (AMTSDESK_DATA, Standard ./data) auf einen PostgreSQL-Server:
migriert das Ziel, kopiert alle Tabellen mit ihren IDs, setzt die Zähler (Ticketnummern) fort und
prüft die Zeilenzahlen und die Audit-Kette. Das Ziel muss leer sein; bei einem Fehler bleibt es leer.
Der amtsdesk-Server muss gestoppt sein. Danach mit DATABASE_URL=… starten.
(Moves the embedded database to an empty PostgreSQL database: migrate, copy every table with ids,
carry the sequences over, verify row counts and the audit chain. Stop the server first; then start
it with DATABASE_URL.)

  --to URL      Verbindung zur Zieldatenbank (connection URL of the target database)
`;

function redact(url: URL) {
  return `${url.protocol}//${url.username ? `${url.username}@` : ''}${url.host}${url.pathname}`;
}

async function sealAll(database: Database) {
  while ((await sealAuditLog(database.db)) > 0) {
    // until nothing final is left; nothing else runs, so that is every row
  }
}

export async function runExportToServer(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, { to: { type: 'string' } }, exportUsage);
  const to = required(values.to, '--to', exportUsage);
  let url: URL;
  try {
    url = new URL(to);
  } catch {
    throw new UsageError(`„${to}“ ist keine gültige Verbindungs-URL (invalid URL).`, exportUsage);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    throw new UsageError(
      'Die Ziel-URL muss mit postgres:// beginnen (target must be postgres://…).',
      exportUsage,
    );
  const config = cliConfig();
  if (!hasEmbeddedDatabase(config.dataDir))
    throw new CliError(`Keine eingebettete Datenbank in ${config.dataDir} gefunden (no embedded database).`);

  const source = await openDatabase({ databaseUrl: null, dataDir: config.dataDir });
  let target: Database | null = null;
  try {
    const applied = await migrate(source.db);
    if (applied.length) console.log(`Quelle migriert (source migrated): ${applied.join(', ')}`);
    await sealAll(source);
    const sourceAudit = await verifyAuditLog(source.db);
    if (!sourceAudit.ok)
      console.error(
        `WARNUNG: Das Audit-Log der Quelle ist schon beschädigt (seq ${sourceAudit.firstBrokenSeq}: ${sourceAudit.reason}); es wird unverändert übertragen.`,
      );

    target = await openDatabase({ databaseUrl: to, dataDir: '', poolSize: 2 });
    try {
      await target.pool.query('SELECT 1');
    } catch (error) {
      throw new CliError(
        `Der PostgreSQL-Server ${redact(url)} ist nicht erreichbar (cannot connect): ${(error as Error).message}`,
      );
    }
    await migrate(target.db);
    console.log(`Kopiere ${config.dataDir} → ${redact(url)} …`);
    const started = Date.now();
    const result = await copyDatabase(source, target, {
      onProgress: ({ table, copied, total }) => {
        if (process.stderr.isTTY && total >= 10_000) process.stderr.write(`\r  ${table}: ${copied}/${total}`);
      },
    }).catch((error: unknown) => {
      if (error instanceof TargetNotEmptyError)
        throw new CliError(
          `Die Zieldatenbank ist nicht leer (Tabelle ${error.table}: ${error.rows} Zeilen); es wurde nichts kopiert. ` +
            'Bitte eine neue, leere Datenbank angeben (target not empty, nothing copied).',
        );
      throw error;
    });
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    console.log('Zeilen je Tabelle (rows per table, source = target):');
    for (const t of result.tables) console.log(`  ${t.table.padEnd(24)} ${String(t.targetRows).padStart(9)}`);
    const numbers = result.sequences.filter((s) => s.name.startsWith('ticket_number_'));
    if (numbers.length)
      console.log(
        `Ticketnummern fortgesetzt: ${numbers.map((s) => `${s.name.slice(14)} ab ${Number(s.lastValue) + 1}`).join(', ')}`,
      );
    const targetAudit = await verifyAuditLog(target.db);
    console.log(
      targetAudit.ok
        ? `Audit-Log intakt: ${targetAudit.checked} Einträge geprüft (auf dem Ziel).`
        : `Audit-Log auf dem Ziel beschädigt ab seq ${targetAudit.firstBrokenSeq}: ${targetAudit.reason}`,
    );
    console.log(
      `Fertig in ${((Date.now() - started) / 1000).toFixed(1)} s. Jetzt amtsdesk mit dem Server starten (now start with):\n` +
        `  DATABASE_URL=${redact(url)} npm start\n` +
        `Das Verzeichnis ${config.dataDir} bleibt unverändert als Sicherung erhalten.`,
    );
    return targetAudit.ok === sourceAudit.ok ? 0 : 1;
  } finally {
    await target?.close();
    await source.close();
  }
}
