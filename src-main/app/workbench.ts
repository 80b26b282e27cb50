import type { AppInfo, ContextList, KindInfo, TableEvent } from '../contract';
import { ContextRegistry, type LocalClusterAccess } from '../cluster/contexts';
import { LiveTable } from '../cluster/live-table';
import { ApiRouter, type LiveStream, type StreamSink } from './api/router';
import {
  parseApplyOptions,
  parseCollectionRef,
  parseObjectRef,
  requireString,
  requireYaml,
} from './api/validate';
import { SettingsStore } from './settings';

export interface WorkbenchOptions {
  mode: AppInfo['mode'];
  version: string;
  /** The settings file (lowdb JSON). */
  settingsFile: string;
  /** The kubeconfig files; default: $KUBECONFIG or ~/.kube/config. */
  kubeconfigPaths?: string[];
  /** Starling's local cluster when it runs in this process. */
  local?: LocalClusterAccess;
}

/**
 * The main-process side of the workbench, whatever carries it (Electron IPC or the WebSocket of
 * `starling web`): the contexts, the settings, and the router that implements the contract's
 * channels on top of them.
 */
export class Workbench {
  readonly router = new ApiRouter();
  readonly contexts: ContextRegistry;
  readonly settings: SettingsStore;
  readonly #info: AppInfo;

  private constructor(options: WorkbenchOptions, settings: SettingsStore) {
    this.settings = settings;
    this.#info = { version: options.version, mode: options.mode, platform: process.platform };
    const registryOptions: ConstructorParameters<typeof ContextRegistry>[0] = {};
    if (options.kubeconfigPaths) registryOptions.kubeconfigPaths = options.kubeconfigPaths;
    if (options.local) registryOptions.local = options.local;
    const last = settings.get().lastContext;
    if (last) registryOptions.selected = last;
    this.contexts = new ContextRegistry(registryOptions);
    this.contexts.watchFiles();
    this.#registerContexts();
    this.#registerResources();
    this.#registerSettings();
  }

  static async create(options: WorkbenchOptions): Promise<Workbench> {
    return new Workbench(options, await SettingsStore.open(options.settingsFile));
  }

  #registerContexts(): void {
    const contexts = this.contexts;
    this.router
      .handle('app:info', () => this.#info)
      .handle('contexts:list', () => {
        this.#probeSelected();
        return contexts.list();
      })
      .handle('contexts:select', async (name) => {
        const info = await contexts.select(requireString(name, 'context'));
        await this.settings.update({ lastContext: info.name });
        return info;
      })
      .handle('contexts:reconnect', (name) => contexts.reconnect(requireString(name, 'context')))
      .stream('contexts:changed', () => {
        this.#probeSelected();
        return emitterStream<ContextList>(
          (emit) => contexts.on('changed', emit),
          () => contexts.list(),
        );
      });
  }

  #registerResources(): void {
    const connection = (context: unknown) =>
      this.contexts.connection(requireString(context, 'context'));
    this.router
      .handle('resources:kinds', (context) => connection(context).kinds())
      .handle('resources:get', (ref) =>
        connection(parseObjectRef(ref).context).objects.get(parseObjectRef(ref)),
      )
      .handle('resources:events', (ref) =>
        connection(parseObjectRef(ref).context).objects.events(parseObjectRef(ref)),
      )
      .handle('resources:conditions', (ref) =>
        connection(parseObjectRef(ref).context).objects.conditions(parseObjectRef(ref)),
      )
      .handle('resources:relations', (ref) =>
        connection(parseObjectRef(ref).context).objects.relations(parseObjectRef(ref)),
      )
      .handle('resources:preview-apply', (ref, yaml, options) => {
        const r = parseObjectRef(ref);
        return connection(r.context).objects.previewApply(
          r,
          requireYaml(yaml),
          parseApplyOptions(options),
        );
      })
      .handle('resources:apply', (ref, yaml, options) => {
        const r = parseObjectRef(ref);
        return connection(r.context).objects.apply(
          r,
          requireYaml(yaml),
          parseApplyOptions(options),
        );
      })
      .handle('resources:delete', (ref) =>
        connection(parseObjectRef(ref).context).objects.delete(parseObjectRef(ref)),
      )
      .stream('resources:kinds-changed', async (params) => {
        const c = connection((params as { context?: unknown } | null)?.context);
        const initial = await c.kinds();
        let current: KindInfo[] = initial;
        return emitterStream<KindInfo[]>(
          (emit) =>
            c.watchKinds((kinds) => {
              current = kinds;
              emit(kinds);
            }),
          () => current,
        );
      })
      .stream('resources:table', async (params) => {
        const ref = parseCollectionRef(params);
        const table = await LiveTable.open(connection(ref.context), ref);
        return {
          listen: (sink: StreamSink<TableEvent>) => table.listen((e) => sink.event(e)),
          dispose: () => table.dispose(),
        };
      });
  }

  #registerSettings(): void {
    this.router
      .handle('settings:get', () => this.settings.get())
      .handle('settings:update', (change) => this.settings.update(change ?? {}));
  }

  /** The selected context (and the local one) are probed as soon as someone looks at the list. */
  #probeSelected(): void {
    const selected = this.contexts.selectedName;
    for (const name of new Set([selected, 'starling-local'])) {
      if (this.contexts.info(name).state === 'unknown') void this.contexts.probe(name);
    }
  }

  dispose(): void {
    this.router.dispose();
    this.contexts.dispose();
  }
}

/**
 * A LiveStream over something that emits whole snapshots: each listener gets the current
 * snapshot first, then every new one. `subscribe` is called once, on creation.
 */
function emitterStream<T>(
  subscribe: (emit: (value: T) => void) => () => void,
  current: () => T,
): LiveStream<T> {
  const sinks = new Set<StreamSink<T>>();
  const off = subscribe((value) => {
    for (const sink of [...sinks]) sink.event(value);
  });
  return {
    listen(sink) {
      sinks.add(sink);
      sink.event(current());
      return () => sinks.delete(sink);
    },
    dispose() {
      off();
      sinks.clear();
    },
  };
}
