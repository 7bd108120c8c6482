import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { type BrowserRig, startBrowserRig } from '../helpers/browser';

// Personal API tokens (issue 17) in real Chromium: a clerk opens "API-Tokens" from the header,
// creates a token with chosen scopes (secret shown once), sees its last use, revokes it; on a phone
// the form and its error summary work too. Every page visited is scanned with axe (WCAG 2.1 A/AA).
let rig: BrowserRig;
let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  rig = await startBrowserRig('tokens');
  ({ server, browser } = rig);
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

const withToken = (token: string, url: string) =>
  server.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

async function openTokens(page: Page) {
  await page.getByRole('link', { name: 'API-Tokens' }).click();
  await page.getByRole('heading', { level: 1, name: 'Meine API-Tokens' }).waitFor();
}

describe('API tokens in the browser', () => {
  it('creates a token with scopes, shows the secret once and the last use, and revokes it (desktop)', async () => {
    const page = await (
      await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } })
    ).newPage();
    await rig.signIn(page, 'sb50');
    await openTokens(page);
    await page.getByText('Sie haben keine API-Tokens.').waitFor();
    await rig.expectAccessible(page, 'tokens (desktop)');

    await page.getByRole('textbox', { name: 'Bezeichnung' }).fill('Fachverfahren');
    await page.getByRole('checkbox', { name: 'Lesen (Termine)' }).check();
    await page.getByRole('checkbox', { name: 'Schreiben (Vorgänge)' }).uncheck();
    await page.getByRole('button', { name: 'Token erstellen' }).click();
    const secret = (await page.locator('code.token-secret').textContent()) ?? '';
    expect(secret).toMatch(/^amt_/);
    const row = page.getByRole('row', { name: /Fachverfahren/ });
    await expect.poll(() => row.textContent()).toContain('tickets:read, appointments:read');
    expect(await row.textContent()).toContain('noch nie');
    await rig.expectAccessible(page, 'tokens with a new token (desktop)');

    expect((await withToken(secret, '/api/v1/tickets')).statusCode).toBe(200);
    expect((await withToken(secret, '/api/v1/appointments/mine')).statusCode).not.toBe(403);
    expect((await withToken(secret, '/api/v1/tasks')).statusCode).toBe(403);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Meine API-Tokens' }).waitFor();
    await expect
      .poll(() => page.getByRole('row', { name: /Fachverfahren/ }).textContent())
      .not.toContain('noch nie');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Widerrufen Fachverfahren' }).click();
    await page.getByText('Sie haben keine API-Tokens.').waitFor();
    expect((await withToken(secret, '/api/v1/tickets')).statusCode).toBe(401);

    // signing out sends the CSRF token and really ends the session
    await rig.signOut(page);
    expect(await page.evaluate(async () => (await fetch('/api/v1/me')).status)).toBe(401);
  });

  it('works at phone width, error summary included', async () => {
    const page = await (
      await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 }, isMobile: true })
    ).newPage();
    await rig.signIn(page, 'it-sb');
    await openTokens(page);
    await rig.expectAccessible(page, 'tokens (phone)');
    await page.getByRole('button', { name: 'Token erstellen' }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Bezeichnung');
    await rig.expectAccessible(page, 'tokens with errors (phone)');
    await page.getByRole('textbox', { name: 'Bezeichnung' }).fill('Skript am Telefon');
    await page.getByRole('button', { name: 'Token erstellen' }).click();
    await page.locator('code.token-secret').waitFor();
    // the list scrolls sideways inside its own box; the page itself does not
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await rig.expectAccessible(page, 'tokens with a new token (phone)');
  });
});
