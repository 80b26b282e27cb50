import { mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type {
  PanelLayout,
  RecentProject,
  Settings,
  SettingsChange,
  WindowLayout,
} from '../contract';

export function defaultSettings(): Settings {
  return {
    lastNamespace: {},
    theme: 'system',
    window: { width: 1280, height: 800, maximized: false },
    panels: { sidebarWidth: 260, detailHeight: 360 },
    recentProjects: [],
  };
}

const maxRecentProjects = 10;

/**
 * What Starling remembers between runs, in one JSON file kept by lowdb (written atomically).
 * Changes come from the renderer, so they are checked field by field: what does not fit is
 * ignored, never stored. A file that cannot be read is kept aside (`.broken-<time>`) and Starling
 * starts from the defaults.
 */
export class SettingsStore {
  readonly file: string;
  readonly #db: Low<Settings>;
  #writing: Promise<void> = Promise.resolve();

  private constructor(file: string, db: Low<Settings>) {
    this.file = file;
    this.#db = db;
  }

  static async open(file: string): Promise<SettingsStore> {
    mkdirSync(dirname(file), { recursive: true });
    const db = new Low<Settings>(new JSONFile<Settings>(file), defaultSettings());
    try {
      await db.read();
    } catch {
      renameSync(file, `${file}.broken-${Date.now()}`);
      db.data = defaultSettings();
    }
    db.data = sanitize(db.data, defaultSettings());
    return new SettingsStore(file, db);
  }

  get(): Settings {
    return structuredClone(this.#db.data);
  }

  /** Applies a change and writes the file; writes are queued so none is lost. */
  async update(change: SettingsChange): Promise<Settings> {
    const current = this.#db.data;
    const next = sanitize(
      {
        ...current,
        ...change,
        lastNamespace: {
          ...current.lastNamespace,
          ...(isRecord(change?.lastNamespace) ? change.lastNamespace : {}),
        },
      },
      current,
    );
    this.#db.data = next;
    this.#writing = this.#writing.then(() => this.#db.write());
    await this.#writing;
    return this.get();
  }

  /** Puts a project first in the recent list. */
  addRecentProject(path: string, now = new Date()): Promise<Settings> {
    const rest = this.#db.data.recentProjects.filter((p) => p.path !== path);
    return this.update({ recentProjects: [{ path, openedAt: now.toISOString() }, ...rest] });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keeps the fields of `value` that have the right types, taking the rest from `fallback`. */
function sanitize(value: unknown, fallback: Settings): Settings {
  const v = isRecord(value) ? value : {};
  const out: Settings = {
    lastNamespace: {},
    theme: ['system', 'light', 'dark'].includes(v['theme'] as string)
      ? (v['theme'] as Settings['theme'])
      : fallback.theme,
    window: windowLayout(v['window'], fallback.window),
    panels: panelLayout(v['panels'], fallback.panels),
    recentProjects: recentProjects(v['recentProjects'], fallback.recentProjects),
  };
  const last = typeof v['lastContext'] === 'string' ? v['lastContext'] : fallback.lastContext;
  if (last !== undefined) out.lastContext = last;
  const namespaces = isRecord(v['lastNamespace']) ? v['lastNamespace'] : fallback.lastNamespace;
  for (const [context, ns] of Object.entries(namespaces)) {
    if (typeof ns === 'string') out.lastNamespace[context] = ns;
  }
  return out;
}

const isSize = (n: unknown, max: number): n is number =>
  typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= max;

function windowLayout(value: unknown, fallback: WindowLayout): WindowLayout {
  if (!isRecord(value)) return fallback;
  const out: WindowLayout = {
    width: isSize(value['width'], 20_000) ? value['width'] : fallback.width,
    height: isSize(value['height'], 20_000) ? value['height'] : fallback.height,
    maximized: typeof value['maximized'] === 'boolean' ? value['maximized'] : fallback.maximized,
  };
  if (typeof value['x'] === 'number' && Number.isFinite(value['x'])) out.x = value['x'];
  if (typeof value['y'] === 'number' && Number.isFinite(value['y'])) out.y = value['y'];
  return out;
}

function panelLayout(value: unknown, fallback: PanelLayout): PanelLayout {
  if (!isRecord(value)) return fallback;
  return {
    sidebarWidth: isSize(value['sidebarWidth'], 5_000)
      ? value['sidebarWidth']
      : fallback.sidebarWidth,
    detailHeight: isSize(value['detailHeight'], 5_000)
      ? value['detailHeight']
      : fallback.detailHeight,
  };
}

function recentProjects(value: unknown, fallback: RecentProject[]): RecentProject[] {
  if (!Array.isArray(value)) return fallback;
  return value
    .filter(
      (p): p is RecentProject =>
        isRecord(p) && typeof p['path'] === 'string' && typeof p['openedAt'] === 'string',
    )
    .slice(0, maxRecentProjects)
    .map((p) => ({ path: p.path, openedAt: p.openedAt }));
}
