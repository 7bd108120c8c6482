import { loadDotEnv } from '../config';
import { DatabaseLockedError } from '../db/database';
import { auditUsage, runAudit } from './audit-verify';
import { backupUsage, restoreUsage, runBackup, runRestore } from './backup';
import { createUserUsage, runCreateUser } from './create-user';
import { demoUsage, runDemo } from './demo';
import { exportUsage, runExportToServer } from './export-to-server';
import { migrateUsage, runMigrate } from './migrate';
import { resetPasswordUsage, runResetPassword } from './reset-password';
import { CliError, EXIT, HELP, UsageError } from './usage';

// `npx amtsdesk <command>`: operations commands. bin/amtsdesk.mjs sets TZ and loads this through tsx.

const commands: Record<string, { run: (argv: string[]) => Promise<number>; usage: string }> = {
  migrate: { run: runMigrate, usage: migrateUsage },
  'create-user': { run: runCreateUser, usage: createUserUsage },
  'reset-password': { run: runResetPassword, usage: resetPasswordUsage },
  demo: { run: runDemo, usage: demoUsage },
  audit: { run: runAudit, usage: auditUsage },
  backup: { run: runBackup, usage: backupUsage },
  restore: { run: runRestore, usage: restoreUsage },
  'export-to-server': { run: runExportToServer, usage: exportUsage },
};

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) throw new UsageError('Kein Befehl angegeben (no command given).', HELP);
  if (name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0] ? commands[rest[0]] : undefined;
    if (rest[0] && !topic) throw new UsageError(`Unbekannter Befehl „${rest[0]}“ (unknown command).`, HELP);
    console.log(topic ? topic.usage : HELP);
    return EXIT.ok;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) throw new UsageError(`Unbekannter Befehl „${name}“ (unknown command).`, HELP);
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return EXIT.ok;
  }
  return command.run(rest);
}

export async function main(argv: string[]): Promise<number> {
  try {
    return await runCli(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`Fehler: ${error.message}\n`);
      console.error(error.usage ?? HELP);
      return EXIT.usage;
    }
    if (error instanceof DatabaseLockedError) {
      console.error(
        `Die eingebettete Datenbank ist belegt; es wurde nichts geändert (database in use, nothing changed).`,
      );
      console.error(error.message);
      return EXIT.locked;
    }
    if (error instanceof CliError) {
      console.error(`Fehler: ${error.message}`);
      return error.exitCode;
    }
    console.error(`Fehler (error): ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.AMTSDESK_DEBUG && error instanceof Error) console.error(error.stack);
    return EXIT.failed;
  }
}

loadDotEnv();
process.exit(await main(process.argv.slice(2)));
