import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ConnectionState, ContextInfo, ContextList, ErrorShape } from '../contract';
import { ClusterConnection } from './connection';
import { Emitter } from './emitter';
import {
  describeAuth,
  kubeConfigForContext,
  kubeConfigForLocalCluster,
  kubeconfigPaths,
  loadKubeconfigs,
  type MergedKubeconfig,
} from './kubeconfig';

/** The name of Starling's own cluster's context. */
export const localContextName = 'starling-local';

/** How to reach Starling's local cluster when it runs in this process. */
export interface LocalClusterAccess {
  url: string;
  /** The CA certificate, PEM or base64 of PEM. */
  caData: string;
  token: string;
}

export interface ContextRegistryOptions {
  /** The kubeconfig files; default: $KUBECONFIG or ~/.kube/config. */
  kubeconfigPaths?: string[];
  local?: LocalClusterAccess;
  /** The context to select first (the one remembered from last time). */
  selected?: string;
}

interface ContextState {
  state: ConnectionState;
  serverVersion?: string;
  error?: ErrorShape;
}

/**
 * Every kubeconfig context, `starling-local` first, with its connection state. A context that
 * cannot be used reports its own error; the others carry on. Connections are made on demand
 * (the selected context, or whichever a view asks for) and kept until `reconnect` or `dispose`.
 * Listeners of `changed` get the whole list whenever something in it changes.
 */
export class ContextRegistry extends Emitter<{ changed: (list: ContextList) => void }> {
  readonly #paths: string[];
  #merged: MergedKubeconfig;
  #local: LocalClusterAccess | undefined;
  #selected: string | undefined;
  readonly #states = new Map<string, ContextState>();
  readonly #connections = new Map<string, ClusterConnection>();
  readonly #probes = new Map<string, Promise<ContextInfo>>();
  #watchers: FSWatcher[] = [];
  #reloadTimer: NodeJS.Timeout | undefined;

  constructor(options: ContextRegistryOptions = {}) {
    super();
    this.#paths = options.kubeconfigPaths ?? kubeconfigPaths();
    this.#merged = loadKubeconfigs(this.#paths);
    this.#local = options.local;
    this.#selected = options.selected;
  }

  /** The contexts, `starling-local` first, then in kubeconfig order. */
  list(): ContextList {
    const names = [...this.#merged.contexts.keys()].filter((n) => n !== localContextName);
    const selected = this.selectedName;
    const contexts = [localContextName, ...names].map((n) => this.#info(n, selected));
    return { contexts, problems: [...this.#merged.problems] };
  }

  /** The selected context: the one chosen last, else the kubeconfig's current, else local. */
  get selectedName(): string {
    const known = (n: string | undefined) =>
      n !== undefined && (n === localContextName || this.#merged.contexts.has(n));
    if (known(this.#selected)) return this.#selected!;
    if (known(this.#merged.currentContext)) return this.#merged.currentContext!;
    return localContextName;
  }

  info(name: string): ContextInfo {
    this.#requireKnown(name);
    return this.#info(name, this.selectedName);
  }

  /** Selects a context and connects to it; resolves with its state after the first probe. */
  async select(name: string): Promise<ContextInfo> {
    this.#requireKnown(name);
    this.#selected = name;
    this.#changed();
    return this.probe(name);
  }

  /** Forgets the context's connection (stopping its watches) and probes it again. */
  async reconnect(name: string): Promise<ContextInfo> {
    this.#requireKnown(name);
    this.#connections.get(name)?.dispose();
    this.#connections.delete(name);
    this.#states.delete(name);
    return this.probe(name);
  }

  /** Asks the server for its version, recording the connection state. */
  probe(name: string): Promise<ContextInfo> {
    const running = this.#probes.get(name);
    if (running) return running;
    const probe = (async () => {
      this.#setState(name, { state: 'connecting' });
      try {
        const serverVersion = await this.connection(name).serverVersion();
        this.#setState(name, { state: 'connected', serverVersion });
      } catch (err) {
        this.#setState(name, { state: 'error', error: shapeOf(err, name) });
      }
      return this.info(name);
    })().finally(() => this.#probes.delete(name));
    this.#probes.set(name, probe);
    return probe;
  }

  /** The connection to a context's cluster, made on first use. Throws when the context is broken. */
  connection(name: string): ClusterConnection {
    this.#requireKnown(name);
    let connection = this.#connections.get(name);
    if (!connection) {
      connection = new ClusterConnection(name, this.#kubeConfig(name));
      this.#connections.set(name, connection);
    }
    return connection;
  }

  /** Sets (or clears) how to reach the local cluster running in this process. */
  setLocal(local: LocalClusterAccess | undefined): void {
    this.#local = local;
    this.#connections.get(localContextName)?.dispose();
    this.#connections.delete(localContextName);
    this.#states.delete(localContextName);
    this.#changed();
  }

  /** Reads the kubeconfig files again; contexts whose definition changed reconnect on next use. */
  reload(): void {
    const before = this.#merged;
    this.#merged = loadKubeconfigs(this.#paths);
    for (const [name, connection] of this.#connections) {
      if (name === localContextName && this.#local) continue;
      if (definitionOf(before, name) !== definitionOf(this.#merged, name)) {
        connection.dispose();
        this.#connections.delete(name);
        this.#states.delete(name);
      }
    }
    this.#changed();
  }

  /**
   * Reloads when a kubeconfig file changes (kubectl and `starling local` replace the file
   * atomically, so the folders are watched, not the files). Stops with `dispose`.
   */
  watchFiles(): void {
    if (this.#watchers.length) return;
    const byDir = new Map<string, Set<string>>();
    for (const path of this.#paths) {
      const names = byDir.get(dirname(path)) ?? new Set<string>();
      names.add(basename(path));
      byDir.set(dirname(path), names);
    }
    for (const [dir, names] of byDir) {
      try {
        const watcher = watch(dir, (_event, file) => {
          if (file && !names.has(file.toString())) return;
          clearTimeout(this.#reloadTimer);
          this.#reloadTimer = setTimeout(() => this.reload(), 200);
        });
        watcher.on('error', () => watcher.close());
        this.#watchers.push(watcher);
      } catch {
        // A folder that does not exist yet: nothing to watch there.
      }
    }
  }

  #kubeConfig(name: string): KubeConfig {
    if (name === localContextName && this.#local)
      return kubeConfigForLocalCluster(this.#local, name, 'default');
    if (name === localContextName && !this.#merged.contexts.has(name)) {
      throw Object.assign(new Error(`context "${name}": Starling's local cluster is not running`), {
        name: 'KubeconfigError',
        target: { cluster: name },
        hint: 'start it with `starling web` (without --no-local) or `starling local`',
      });
    }
    return kubeConfigForContext(this.#merged, name);
  }

  #info(name: string, selected: string): ContextInfo {
    const inProcess = name === localContextName && this.#local !== undefined;
    const context = this.#merged.contexts.get(name);
    const cluster = context?.value.cluster
      ? this.#merged.clusters.get(context.value.cluster)
      : undefined;
    const user = context?.value.user ? this.#merged.users.get(context.value.user) : undefined;
    const state = this.#states.get(name) ?? { state: 'unknown' as const };
    const info: ContextInfo = {
      name,
      cluster: inProcess ? name : (context?.value.cluster ?? ''),
      user: inProcess ? name : (context?.value.user ?? ''),
      server: inProcess ? this.#local!.url : (cluster?.value.server ?? ''),
      namespace: (inProcess ? undefined : context?.value.namespace) || 'default',
      source: inProcess ? 'starling' : (context?.file ?? 'starling'),
      local: name === localContextName,
      auth: inProcess ? 'token' : describeAuth(user?.value),
      selected: name === selected,
      state: state.state,
    };
    if (state.serverVersion) info.serverVersion = state.serverVersion;
    if (state.error) info.error = state.error;
    else if (state.state === 'unknown') {
      // A context whose kubeconfig entries are broken says so before anyone tries it.
      try {
        if (!inProcess) this.#kubeConfigCheck(name);
      } catch (err) {
        info.state = 'error';
        info.error = shapeOf(err, name);
      }
    }
    return info;
  }

  #kubeConfigCheck(name: string): void {
    if (name === localContextName && !this.#merged.contexts.has(name)) this.#kubeConfig(name);
    else kubeConfigForContext(this.#merged, name);
  }

  #requireKnown(name: string): void {
    if (name === localContextName || this.#merged.contexts.has(name)) return;
    throw Object.assign(new Error(`context "${name}" is not in the kubeconfig`), {
      name: 'KubeconfigError',
      target: { cluster: name },
      hint: `the kubeconfig files are: ${this.#paths.join(', ')}`,
    });
  }

  #setState(name: string, state: ContextState): void {
    this.#states.set(name, state);
    this.#changed();
  }

  #changed(): void {
    this.emit('changed', this.list());
  }

  dispose(): void {
    clearTimeout(this.#reloadTimer);
    for (const w of this.#watchers) w.close();
    this.#watchers = [];
    for (const c of this.#connections.values()) c.dispose();
    this.#connections.clear();
    this.removeAllListeners();
  }
}

function definitionOf(merged: MergedKubeconfig, name: string): string {
  const context = merged.contexts.get(name);
  if (!context) return '';
  const cluster = context.value.cluster ? merged.clusters.get(context.value.cluster) : undefined;
  const user = context.value.user ? merged.users.get(context.value.user) : undefined;
  return JSON.stringify([context.value, cluster?.value, user?.value]);
}

/** The error as the contract carries it, always naming the context. */
function shapeOf(err: unknown, context: string): ErrorShape {
  const e = err as Error & { hint?: string; code?: number; reason?: string };
  const shape: ErrorShape = {
    name: e?.name ?? 'Error',
    message: e?.message ?? String(err),
    target: { cluster: context },
  };
  if (e?.hint) shape.hint = e.hint;
  if (typeof e?.code === 'number') shape.code = e.code;
  if (e?.reason) shape.reason = e.reason;
  return shape;
}
