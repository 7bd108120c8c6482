// The server as `npm start` runs it: src/main.ts bundled by esbuild into one ES module, the
// dependencies left external (node_modules as installed), run by plain `node`. Compared with
// `node --import tsx src/main.ts` this saves transpiling ~400 TypeScript files on every start and
// tsx's loader in the heap (docs/BENCHMARKS.md, "Embedded start and memory").
// Plain Node; esbuild comes with tsx (a dependency), so no extra package is needed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The bundle sits one directory below the root, like src/main.ts: the app finds its files relative
 * to its own module (src/app.ts: `../dist/web`), and from dist/ that is the same dist/web.
 */
export const serverBundle = path.join(root, 'dist', 'server.mjs');

/**
 * node flags for the server process (the same for `npm start`, the bench and the start test):
 * stack traces point into src/ through the source map; young-generation semi-spaces of at most
 * 4 MB instead of V8's 16 MB keep ~30–40 MB of RSS off an idle server, at no measurable CPU cost
 * (docs/BENCHMARKS.md, "Embedded start and memory").
 */
export const serverNodeFlags = ['--enable-source-maps', '--max-semi-space-size=4'];

const mtime = (p) => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0);

function newestIn(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(p) : mtime(p));
  }
  return newest;
}

/** Is the bundle missing or older than any file in src/ (or the build settings: this file, package.json)? */
export function serverBundleStale(outfile = serverBundle) {
  const inputs = Math.max(
    newestIn(path.join(root, 'src')),
    mtime(fileURLToPath(import.meta.url)),
    mtime(path.join(root, 'package.json')),
    mtime(path.join(root, 'tsconfig.json')),
  );
  return mtime(outfile) < inputs;
}

/** Bundle src/main.ts into `outfile`; resolves to the file. Throws when esbuild is missing or the build fails. */
export async function buildServer(outfile = serverBundle) {
  const esbuild = await import('esbuild');
  const tmp = `${outfile}.${process.pid}.tmp`;
  await esbuild.build({
    entryPoints: [path.join(root, 'src', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // every package stays an import of node_modules: native addons (argon2), PGlite's WASM and
    // data files, pdfkit's fonts are found where npm put them
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
    outfile: tmp,
    logLevel: 'error',
  });
  // rename: a server started meanwhile never sees a half-written bundle
  fs.renameSync(`${tmp}.map`, `${outfile}.map`);
  const code = fs
    .readFileSync(tmp, 'utf8')
    .replace(
      `//# sourceMappingURL=${path.basename(tmp)}.map`,
      `//# sourceMappingURL=${path.basename(outfile)}.map`,
    );
  fs.writeFileSync(tmp, code);
  fs.renameSync(tmp, outfile);
  return outfile;
}

/** Build the bundle when it is stale; resolves to its path. */
export async function ensureServerBuild({ log = console.log, outfile = serverBundle } = {}) {
  if (serverBundleStale(outfile)) {
    log('→ building the server (esbuild, src/main.ts → dist/server.mjs)…');
    await buildServer(outfile);
  }
  return outfile;
}
