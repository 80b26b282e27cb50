import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const outDir = mkdtempSync(join(tmpdir(), 'starling-build-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('electron-vite build', () => {
  it('builds main, preload and renderer from src-main and src-renderer', () => {
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules/electron-vite/bin/electron-vite.js'),
        'build',
        '--outDir',
        outDir,
        '--logLevel',
        'warn',
      ],
      {
        cwd: root,
        stdio: 'pipe',
      },
    );
    expect(existsSync(join(outDir, 'main/main.js'))).toBe(true);
    // A sandboxed preload must be CommonJS.
    const preload = readFileSync(join(outDir, 'preload/preload.cjs'), 'utf8');
    expect(preload).toContain('require("electron")');
    expect(readFileSync(join(outDir, 'renderer/index.html'), 'utf8')).toContain(
      'Content-Security-Policy',
    );
  }, 120_000);
});
