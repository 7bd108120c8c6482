process.env.TZ = 'Europe/Berlin';

import { loadConfig, loadDotEnv, UnsafeConfigError } from './config';
import { DatabaseLockedError } from './db/database';
import { DEMO_PASSWORD, demoSignIns } from './modules/demo/load-demo-data';
import { startServer } from './server';

const started = Date.now();
try {
  loadDotEnv();
  const config = loadConfig();
  const server = await startServer(config, { logger: true });
  const lines = [
    '',
    `amtsdesk läuft auf ${config.publicUrl} (${server.ctx.database.engine === 'pglite' ? `eingebettete Datenbank in ${config.dataDir}` : 'PostgreSQL-Server'})`,
    `bereit nach ${((Date.now() - started) / 1000).toFixed(1)} s`,
    ...(server.smtpPort
      ? [
          `Mail-Eingang (SMTP) auf ${config.host}:${server.smtpPort}, Demo-Adresse it-support@amtsdesk.example`,
        ]
      : []),
    '',
    `Demo-Anmeldungen (Passwort „${DEMO_PASSWORD}“):`,
    ...demoSignIns.map((s) => `  ${s.login.padEnd(10)} ${s.role}`),
    '',
  ];
  console.log(lines.join('\n'));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
} catch (error) {
  if (error instanceof UnsafeConfigError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  if (error instanceof DatabaseLockedError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
}
