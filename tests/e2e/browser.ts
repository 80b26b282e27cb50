import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Where screenshots are kept (git-ignored). */
export const artifactsDir = resolve(import.meta.dirname, '../artifacts/e2e');

/** Debian's Chromium, headless, with a fresh profile; `.ci/run` installs it. */
export const chromiumPath = process.env['STARLING_CHROMIUM'] ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions of the page, as text. */
  errors: string[];
  /** Every WebSocket frame the page sent or received. */
  frames: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openBrowser(viewport = { width: 1280, height: 800 }): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'starling-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  const frames: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const at = m.location();
    errors.push(`${m.text()} (${at.url}:${at.lineNumber}:${at.columnNumber})`);
  });
  page.on('pageerror', (e) => errors.push(`${e.name}: ${e.message}`));
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => frames.push(String(f.payload)));
    ws.on('framereceived', (f) => frames.push(String(f.payload)));
  });
  mkdirSync(artifactsDir, { recursive: true });
  return {
    context,
    page,
    errors,
    frames,
    screenshot: async (name) => {
      // caret: 'initial' — hiding the caret injects a <style>, which the app's CSP refuses.
      await page.screenshot({ path: join(artifactsDir, `${name}.png`), caret: 'initial' });
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
