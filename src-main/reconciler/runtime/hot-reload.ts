/**
 * Hot reload of a running project: a `ProjectWatcher` (reload/) tells what changed on disk and
 * the runtime applies it (`ReconcilerRuntime.reload`), one project version after the other.
 * Every reload — applied, or rejected because the new version has errors — is a `reloaded`
 * event on the runtime's stream, so the CLI prints it and the workbench shows it on the
 * timeline. A rejected version changes nothing: the last good one keeps running.
 */
import type { ProjectProblem } from '../../contract/projects';
import type { ReloadedEvent } from '../../contract/runtime';
import type { Problem } from '../project/index';
import type { ProjectReload, ProjectWatcher } from '../reload/index';
import type { ReconcilerRuntime } from './runtime';

export class HotReload {
  readonly #watcher: ProjectWatcher;
  readonly #runtime: ReconcilerRuntime;
  readonly #offs: (() => void)[] = [];
  #chain: Promise<void> = Promise.resolve();
  #disposed = false;

  constructor(watcher: ProjectWatcher, runtime: ReconcilerRuntime) {
    this.#watcher = watcher;
    this.#runtime = runtime;
    this.#offs.push(
      watcher.on('reload', (r) => this.#enqueue(() => this.#apply(r))),
      watcher.on('error', (e) =>
        this.#enqueue(async () => this.#report(rejected([problem(e.message)]))),
      ),
    );
  }

  /** Resolves when every reload seen so far has been applied (or rejected). */
  settled(): Promise<void> {
    return this.#chain;
  }

  #enqueue(step: () => Promise<void>): void {
    this.#chain = this.#chain.then(async () => {
      if (!this.#disposed) await step();
    });
  }

  async #apply(r: ProjectReload): Promise<void> {
    if (r.rejected) {
      this.#report(rejected(r.problems.map(toContract)));
      return;
    }
    let requeued: Record<string, number>;
    try {
      requeued = await this.#runtime.reload(r.project, r);
    } catch (err) {
      // e.g. a changed CRD the server refuses: the reconcilers that did reload keep running
      const e = err as Error & { hint?: string };
      this.#report(rejected([problem(e.hint ? `${e.message} (${e.hint})` : e.message)]));
      return;
    }
    this.#report({
      rejected: false,
      problems: r.problems.map(toContract),
      reconcilers: r.reconcilers,
      crds: r.crds,
      inputs: r.inputs,
      requeued,
    });
  }

  #report(body: Omit<ReloadedEvent, 'type' | 'sequence' | 'time' | 'cluster'>): void {
    if (this.#disposed || !this.#runtime.events.listening) return;
    this.#runtime.events.emit({ type: 'reloaded', ...body });
  }

  dispose(): void {
    this.#disposed = true;
    for (const off of this.#offs) off();
    this.#offs.length = 0;
  }

  get watcher(): ProjectWatcher {
    return this.#watcher;
  }
}

function rejected(
  problems: ProjectProblem[],
): Omit<ReloadedEvent, 'type' | 'sequence' | 'time' | 'cluster'> {
  return {
    rejected: true,
    problems,
    reconcilers: { added: [], changed: [], removed: [] },
    crds: false,
    inputs: false,
    requeued: {},
  };
}

function problem(message: string): ProjectProblem {
  return { severity: 'error', message };
}

function toContract(p: Problem): ProjectProblem {
  return {
    severity: p.severity,
    message: p.hint ? `${p.message} (${p.hint})` : p.message,
    position: { file: p.file, line: p.line, column: p.col },
  };
}
