import { watch, type FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Emitter } from '../../cluster/emitter';
import { loadProject, type LoadOptions, type Problem, type Project } from '../project/index';
import { diffProjects, hasChanges, type ProjectChanges } from './changes';

/**
 * One reload of a project after its files changed. When the new version has errors it is
 * `rejected`: `project` stays the last good version, `problems` say why, and nothing changed.
 */
export interface ProjectReload extends ProjectChanges {
  /** The version in force: the new one, or the last good one when rejected. */
  project: Project;
  /** The problems of the version just loaded. */
  problems: Problem[];
  rejected: boolean;
}

export interface ProjectWatcherEvents {
  /** The project changed on disk and was reloaded (or rejected). */
  reload: (reload: ProjectReload) => void;
  /** Loading failed outright (an I/O error, not a project problem). */
  error: (error: Error) => void;
}

export interface ProjectWatcherOptions extends LoadOptions {
  /** Quiet time after the last file event before reloading (default 100 ms). */
  debounceMs?: number;
}

/**
 * Watches a project's files and reloads it when they change. Every folder the project reads
 * (crds/, reconcilers/ at any depth, in/, refs/, and local ref folders) is watched on its own,
 * so files replaced by rename — as editors save them — and folders created later are seen.
 * After a quiet period the whole project is loaded again and compared with the version in
 * force; only a version without errors replaces it, and a reload event says what changed, so
 * the runtime restarts only the reconcilers affected (a library change affects every reconciler
 * that loads it, transitively).
 */
export class ProjectWatcher extends Emitter<ProjectWatcherEvents> {
  readonly dir: string;
  #current: Project | undefined;
  #problems: Problem[] = [];
  readonly #options: ProjectWatcherOptions;
  readonly #watchers = new Map<string, FSWatcher>();
  #timer: NodeJS.Timeout | undefined;
  #loading: Promise<void> | undefined;
  #again = false;
  #disposed = false;

  private constructor(dir: string, options: ProjectWatcherOptions) {
    super();
    this.dir = resolve(dir);
    this.#options = options;
  }

  /** Loads the project once and starts watching it. */
  static async start(dir: string, options: ProjectWatcherOptions = {}): Promise<ProjectWatcher> {
    const watcher = new ProjectWatcher(dir, options);
    const { project, problems } = await loadProject(watcher.dir, options);
    watcher.#problems = problems;
    if (!hasErrors(problems)) watcher.#current = project;
    await watcher.#syncWatches(project);
    return watcher;
  }

  /** The last version loaded without errors (undefined until there is one). */
  get project(): Project | undefined {
    return this.#current;
  }

  /** The problems of the last version loaded, good or not. */
  get problems(): readonly Problem[] {
    return this.#problems;
  }

  /** Reloads now, without waiting for a file event; resolves when that reload is done. */
  reload(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#loading) {
      this.#again = true;
      return this.#loading;
    }
    this.#loading = this.#reloadOnce().finally(() => {
      this.#loading = undefined;
      if (this.#again && !this.#disposed) {
        this.#again = false;
        void this.reload();
      }
    });
    return this.#loading;
  }

  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
    for (const w of this.#watchers.values()) w.close();
    this.#watchers.clear();
    this.removeAllListeners();
  }

  async #reloadOnce(): Promise<void> {
    let loaded: { project: Project; problems: Problem[] };
    try {
      loaded = await loadProject(this.dir, this.#options);
    } catch (e) {
      if (!this.#disposed) this.emit('error', e instanceof Error ? e : new Error(String(e)));
      return;
    }
    if (this.#disposed) return;
    const { project, problems } = loaded;
    this.#problems = problems;
    await this.#syncWatches(project);
    if (this.#disposed) return;
    if (hasErrors(problems)) {
      const current = this.#current ?? project;
      this.emit('reload', {
        ...diffProjects(current, current),
        project: current,
        problems,
        rejected: true,
      });
      return;
    }
    const changes = diffProjects(this.#current, project);
    this.#current = project;
    if (hasChanges(changes))
      this.emit('reload', { ...changes, project, problems, rejected: false });
  }

  #schedule(): void {
    if (this.#disposed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.reload(), this.#options.debounceMs ?? 100);
  }

  /** Watches every folder the project reads now, and stops watching the ones gone. */
  async #syncWatches(project: Project): Promise<void> {
    const roots = [this.dir];
    for (const ref of project.refs) {
      // Local folders read in place can change; checkouts in the refs cache do not.
      if (ref.path && !ref.commit) roots.push(ref.path);
    }
    const folders = new Set<string>();
    for (const root of roots) {
      folders.add(root);
      for (const sub of ['crds', 'in', 'refs']) folders.add(join(root, sub));
      for (const dir of await foldersBelow(join(root, 'reconcilers'))) folders.add(dir);
    }
    for (const [dir, w] of this.#watchers) {
      if (!folders.has(dir)) {
        w.close();
        this.#watchers.delete(dir);
      }
    }
    for (const dir of folders) {
      if (this.#watchers.has(dir) || this.#disposed) continue;
      try {
        const w = watch(dir, { persistent: false }, (_event, name) => {
          // Hidden files are editors' swap files, .git and .starling (the refs cache).
          if (typeof name === 'string' && name.startsWith('.')) return;
          this.#schedule();
        });
        w.on('error', () => {
          // The folder went away: forget it; the reload that follows sees what replaced it.
          w.close();
          this.#watchers.delete(dir);
          this.#schedule();
        });
        this.#watchers.set(dir, w);
      } catch {
        // Not there (yet): its parent's watcher sees it appear.
      }
    }
  }
}

function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** A folder and every folder below it (leaving out hidden ones), or none if it is missing. */
async function foldersBelow(dir: string): Promise<string[]> {
  const result: string[] = [];
  const walk = async (d: string) => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    result.push(d);
    for (const e of entries) {
      if (e.isDirectory() && !e.name.startsWith('.')) await walk(join(d, e.name));
    }
  };
  await walk(dir);
  return result;
}
