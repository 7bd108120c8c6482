import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';

/** Wrong call: message and usage on stderr, exit code 64 (EX_USAGE). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}

/** A refused or failed command with a message for the operator (exit code 1 unless told). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export const EXIT = { ok: 0, failed: 1, locked: 2, usage: 64 } as const;

export const HELP = `amtsdesk – Befehle für den Betrieb (operations commands)

Aufruf (usage):
  npx amtsdesk <Befehl> [Optionen]
  npm run amtsdesk -- <Befehl> [Optionen]

Befehle (commands):
  migrate               Datenbank auf den neuesten Stand bringen (run database migrations)
  create-user           Benutzerkonto anlegen (create a user account)
  reset-password        Passwort neu setzen, Sitzungen beenden (reset a password, end sessions)
  demo                  Demo-Kommune „Stadt Musterstadt“ laden (load the demo municipality)
  audit verify          Audit-Log versiegeln und Hash-Kette prüfen (seal and verify the audit log)
  backup                Eingebettete Datenbank sichern (back up the embedded database)
  restore               Sicherung in ein leeres Datenverzeichnis einspielen (restore a backup)
  export-to-server      Eingebettete Datenbank auf einen PostgreSQL-Server übertragen
                        (move the embedded database to a PostgreSQL server)
  help [Befehl]         Hilfe, auch „<Befehl> --help“ (help for one command)

Umgebung (environment):
  AMTSDESK_DATA         Datenverzeichnis der eingebetteten Datenbank, Standard ./data
                        (data directory of the embedded database)
  DATABASE_URL          PostgreSQL-Server statt eingebetteter Datenbank, postgres://…
                        (use a PostgreSQL server instead)

Exit-Codes: 0 erfolgreich (ok) · 1 Fehler oder abgelehnt (failed or refused)
            2 Datenbank von einem anderen Prozess belegt (database in use) · 64 falscher Aufruf (usage)
`;

/** parseArgs with German messages: anything it rejects becomes a UsageError carrying the usage. */
export function parseOptions<T extends ParseArgsOptionsConfig>(
  argv: string[],
  options: T,
  usage: string,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`Ungültiger Aufruf (invalid arguments): ${message}`, usage);
  }
}

export function required(value: string | undefined, flag: string, usage: string): string {
  if (value === undefined || value.trim() === '')
    throw new UsageError(`Die Option ${flag} fehlt (missing option ${flag}).`, usage);
  return value.trim();
}
