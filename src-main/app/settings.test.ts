import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings, SettingsStore } from './settings';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'starling-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SettingsStore', () => {
  it('remembers context, namespaces, layout and recent projects across openings', async () => {
    const file = join(dir, 'nested', 'settings.json');
    const store = await SettingsStore.open(file);
    expect(store.get()).toEqual(defaultSettings());
    await store.update({ lastContext: 'prod', lastNamespace: { prod: 'apps' } });
    await store.update({
      lastNamespace: { dev: '' },
      panels: { sidebarWidth: 300, detailHeight: 200 },
    });
    await store.update({ window: { width: 1000, height: 700, x: 10, y: 20, maximized: true } });
    await store.addRecentProject('/p/one', new Date('2026-01-01T00:00:00Z'));
    await store.addRecentProject('/p/two', new Date('2026-01-02T00:00:00Z'));
    await store.addRecentProject('/p/one', new Date('2026-01-03T00:00:00Z'));

    const again = await SettingsStore.open(file);
    expect(again.get()).toEqual({
      lastContext: 'prod',
      lastNamespace: { prod: 'apps', dev: '' },
      theme: 'system',
      window: { width: 1000, height: 700, x: 10, y: 20, maximized: true },
      panels: { sidebarWidth: 300, detailHeight: 200 },
      recentProjects: [
        { path: '/p/one', openedAt: '2026-01-03T00:00:00.000Z' },
        { path: '/p/two', openedAt: '2026-01-02T00:00:00.000Z' },
      ],
    });
  });

  it('ignores fields of the wrong type from the renderer', async () => {
    const store = await SettingsStore.open(join(dir, 's.json'));
    const updated = await store.update({
      theme: 'neon',
      lastContext: 42,
      lastNamespace: { a: 7, b: 'ok' },
      window: { width: -5, height: 'tall', maximized: 'yes' },
      extra: 'dropped',
    } as never);
    expect(updated.theme).toBe('system');
    expect(updated.lastContext).toBeUndefined();
    expect(updated.lastNamespace).toEqual({ b: 'ok' });
    expect(updated.window).toEqual(defaultSettings().window);
    expect(JSON.parse(readFileSync(join(dir, 's.json'), 'utf8'))).not.toHaveProperty('extra');
  });

  it('keeps an unreadable file aside and starts from the defaults', async () => {
    const file = join(dir, 'settings.json');
    writeFileSync(file, '{ not json');
    const store = await SettingsStore.open(file);
    expect(store.get()).toEqual(defaultSettings());
    const kept = readdirSync(dir).filter((f) => f.startsWith('settings.json.broken-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dir, kept[0]!), 'utf8')).toBe('{ not json');
  });
});
