#!/usr/bin/env node
// Launcher for `npx amtsdesk …` and `npm run amtsdesk -- …`, from any working directory:
// loads tsx from this package and runs src/cli/main.ts in this process. Relative paths
// (AMTSDESK_DATA, --out, --from) stay relative to the caller's directory.
process.env.TZ = 'Europe/Berlin';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`amtsdesk braucht Node.js 20.19 oder neuer (needs Node.js >= 20.19), gefunden ${process.version}.`);
  process.exit(1);
}

const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/main.ts');
