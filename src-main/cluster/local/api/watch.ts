import type { RevisionLog, StoreEvent } from '../storage/revision-log';
import type { KubeObject } from './objects';
import { matches, target, type ObjectRegistry, type Scope, type Selection } from './registry';
import { servedText, type StoredText } from './encoding';
import { apiVersionOf, keyPrefix, type ResourceType } from './resource-types';
import { tooOld } from './status';

/**
 * Watches: every committed event is offered to the watchers of its resource, filtered by
 * namespace and selectors (an object that stops or starts matching becomes DELETED or ADDED, as
 * the API server's watch cache reports it), and written to each watcher's stream without waiting.
 * A watcher whose client stops reading is closed once its unsent backlog passes a limit, so one
 * slow client never holds up the others or the writers.
 */

export interface WatchSink {
  /** Queues a chunk; returns the bytes still waiting to be sent. */
  write(chunk: string): number;
  close(): void;
}

export interface WatchRequest {
  scope: Scope;
  selection: Selection;
  resourceVersion?: string;
  allowBookmarks: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
  /** Turns an event's object (stored JSON) into what is sent; default: the object as served. */
  render?: (value: string) => string;
}

export interface WatchHubOptions {
  bookmarkIntervalMs: number;
  /** A watcher with more unsent bytes than this is closed (its client re-lists and re-watches). */
  maxBacklogBytes: number;
}

interface Watcher {
  type: ResourceType;
  render?: (value: string) => string;
  namespace?: string;
  selection: Selection;
  filtering: boolean;
  sink: WatchSink;
  close(): void;
}

export class WatchHub {
  private readonly byResource = new Map<string, Set<Watcher>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly log: RevisionLog,
    private readonly registry: ObjectRegistry,
    private readonly options: WatchHubOptions,
  ) {
    this.unsubscribe = log.subscribe((event) => this.dispatch(event));
  }

  get watcherCount(): number {
    let n = 0;
    for (const set of this.byResource.values()) n += set.size;
    return n;
  }

  /** Starts a watch; returns the function that stops it. */
  open(request: WatchRequest, sink: WatchSink): () => void {
    // Replay and live events meet at a commit: what the batch holds reaches the watcher once.
    this.log.commit();
    const { scope, selection } = request;
    const filtering = selection.labels.length > 0 || selection.fields.length > 0;
    const resourceKey = keyPrefix(scope.type);
    let timers: NodeJS.Timeout[] = [];
    let closed = false;
    const watcher: Watcher = {
      type: scope.type,
      render: request.render,
      namespace: scope.namespace,
      selection,
      filtering,
      sink,
      close: () => {
        if (closed) return;
        closed = true;
        for (const t of timers) clearTimeout(t);
        timers = [];
        this.byResource.get(resourceKey)?.delete(watcher);
        sink.close();
      },
    };
    const rv = request.resourceVersion;
    if (rv === undefined || rv === '' || rv === '0') {
      const initial = this.registry.list(scope, {});
      for (const item of initial.items) {
        if (!filtering || matches(selection, JSON.parse(item.value) as KubeObject)) {
          this.send(watcher, 'ADDED', item);
        }
      }
      if (request.sendInitialEvents && request.allowBookmarks) {
        this.sendBookmark(watcher, { 'k8s.io/initial-events-end': 'true' });
      }
    } else {
      const from = Number(rv);
      const events = Number.isInteger(from)
        ? this.log.eventsSince(from, this.prefixOf(watcher))
        : [];
      if (events === undefined) {
        const status = tooOld(from, this.log.compactedRevision + 1).status;
        sink.write(`{"type":"ERROR","object":${JSON.stringify(status)}}\n`);
        sink.close();
        return () => {};
      }
      for (const event of events) this.deliver(watcher, event, lazyObjects(event));
    }
    let set = this.byResource.get(resourceKey);
    if (!set) this.byResource.set(resourceKey, (set = new Set()));
    set.add(watcher);
    if (request.allowBookmarks) {
      const tick = () => {
        if (closed) return;
        this.sendBookmark(watcher);
        timers[0] = setTimeout(tick, this.options.bookmarkIntervalMs);
      };
      timers.push(setTimeout(tick, this.options.bookmarkIntervalMs));
    }
    const timeout = request.timeoutSeconds ?? 1800 + Math.floor(Math.random() * 1800);
    timers.push(setTimeout(() => watcher.close(), timeout * 1000));
    return watcher.close;
  }

  closeAll(): void {
    for (const set of this.byResource.values()) for (const w of [...set]) w.close();
  }

  dispose(): void {
    this.closeAll();
    this.unsubscribe();
  }

  private prefixOf(watcher: Watcher): string {
    return watcher.type.namespaced && watcher.namespace !== undefined
      ? keyPrefix(watcher.type, watcher.namespace)
      : keyPrefix(watcher.type);
  }

  private dispatch(event: StoreEvent): void {
    const slash = event.key.indexOf('/', event.key.indexOf('/', 1) + 1);
    const set = this.byResource.get(event.key.slice(0, slash + 1));
    if (!set) return;
    const objects = lazyObjects(event);
    for (const watcher of set) this.deliver(watcher, event, objects);
  }

  private deliver(
    watcher: Watcher,
    event: StoreEvent,
    objects: () => { now: KubeObject; prev: KubeObject | undefined },
  ): void {
    if (!event.key.startsWith(this.prefixOf(watcher))) return;
    if (!watcher.filtering) {
      this.send(watcher, event.type, event);
      return;
    }
    const { now: current, prev } = objects();
    const now = matches(watcher.selection, current);
    const before =
      event.type !== 'ADDED' && prev !== undefined
        ? matches(watcher.selection, prev)
        : event.type !== 'ADDED' && now;
    if (event.type === 'DELETED') {
      if (before || now) this.send(watcher, 'DELETED', event);
    } else if (now && before) this.send(watcher, 'MODIFIED', event);
    else if (now) this.send(watcher, 'ADDED', event);
    // An object leaving the selection is reported with its last state that matched.
    else if (before) {
      this.send(watcher, 'DELETED', { value: event.prev ?? event.value, rev: event.rev });
    }
  }

  private send(watcher: Watcher, type: string, stored: StoredText): void {
    const object = watcher.render
      ? watcher.render(servedText(watcher.type, stored))
      : servedText(watcher.type, stored);
    const backlog = watcher.sink.write(`{"type":"${type}","object":${object}}\n`);
    if (backlog > this.options.maxBacklogBytes) watcher.close();
  }

  private sendBookmark(watcher: Watcher, annotations?: Record<string, string>): void {
    const metadata: Record<string, unknown> = {
      resourceVersion: String(this.log.committedRevision),
    };
    if (annotations) metadata.annotations = annotations;
    const object = { kind: watcher.type.kind, apiVersion: apiVersionOf(watcher.type), metadata };
    watcher.sink.write(`{"type":"BOOKMARK","object":${JSON.stringify(object)}}\n`);
  }
}

export { target };

/** An event's new and previous object, parsed once for every watcher with a selector. */
function lazyObjects(event: StoreEvent): () => { now: KubeObject; prev: KubeObject | undefined } {
  let parsed: { now: KubeObject; prev: KubeObject | undefined } | undefined;
  return () =>
    (parsed ??= {
      now: JSON.parse(event.value) as KubeObject,
      prev: event.prev === undefined ? undefined : (JSON.parse(event.prev) as KubeObject),
    });
}
