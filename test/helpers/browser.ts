import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { type Config, loadConfig } from '../../src/config';
import { type RunningServer, startServer } from '../../src/server';

const CHROMIUM = '/usr/lib/chromium/chromium';

/** A real server with the demo municipality (on this pass's engine) and a headless Debian Chromium. */
export interface BrowserRig {
  server: RunningServer;
  browser: Browser;
  /** labels of the pages scanned with axe so far */
  scanned: Set<string>;
  /** waits for the page to settle and fails on any WCAG 2.1 A/AA violation axe finds */
  expectAccessible(page: Page, label: string): Promise<void>;
  signIn(page: Page, login: string): Promise<void>;
  signOut(page: Page): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the server for one browser test file: its own database (a fresh PostgreSQL database on the
 * postgres pass, a temporary data directory on the PGlite pass), demo data, no background jobs.
 */
export async function startBrowserRig(name: string, overrides: Partial<Config> = {}): Promise<BrowserRig> {
  process.env.TZ = 'Europe/Berlin';
  let databaseUrl: string | null = null;
  let dataDir: string | null = null;
  if (inject('engine') === 'postgres') {
    databaseUrl = inject('databaseUrl').replace(/\/[^/]*$/, `/amtsdesk_browser_${name}_${Date.now()}`);
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: inject('databaseUrl') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseUrl.split('/').pop()}`);
    await admin.end();
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `amtsdesk-browser-${name}-`));
  }
  const server = await startServer(
    loadConfig({
      databaseUrl,
      dataDir: dataDir ?? '',
      port: 0,
      host: '127.0.0.1',
      jobs: false,
      loadDemoData: true,
      ...overrides,
    }),
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const scanned = new Set<string>();

  async function expectAccessible(page: Page, label: string) {
    await page.waitForLoadState('networkidle');
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const summary = result.violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    expect(summary, `axe violations on ${label}`).toEqual([]);
    scanned.add(label);
  }

  return {
    server,
    browser,
    scanned,
    expectAccessible,
    async signIn(page, login) {
      await page.goto(`${server.url}/login`);
      await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Anmelden' }).count()).toBe(1);
      await expectAccessible(page, 'login');
      await page.getByRole('textbox', { name: 'Benutzername' }).fill(login);
      await page.getByLabel('Passwort').fill('demo');
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.getByRole('button', { name: 'Abmelden' }).waitFor();
    },
    async signOut(page) {
      await page.getByRole('button', { name: 'Abmelden' }).click();
      await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    },
    async close() {
      await browser.close();
      await server.stop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
