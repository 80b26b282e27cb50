import type { CollectionRef, KindInfo, TableEvent, TableRow } from '../contract';
import { TableListWatch } from './collections';
import type { ClusterConnection, InformerLease } from './connection';
import { ClusterError } from './errors';
import type { InformerStatus } from './informer';

/** How long watch changes gather before they go out as one `changed` event. */
const batchMs = 30;
/** A reset larger than this goes out as its first rows (a screenful and more), then the rest. */
const defaultFirstRows = 100;

export interface LiveTableOptions {
  /** How many rows a reset carries before the rest follow (tests make it small). */
  firstRows?: number;
}

/**
 * One collection as a live table: the shared Table-format informer of the connection, turned
 * into `TableEvent`s. Listeners get a `reset` with the current rows first (when the informer has
 * synced), then batched changes. Disposing releases the informer (the last release stops it).
 */
export class LiveTable {
  readonly #lease: InformerLease<TableRow>;
  readonly #source: TableListWatch;
  readonly #listeners = new Set<(event: TableEvent) => void>();
  readonly #upserted = new Map<string, TableRow>();
  readonly #deleted = new Set<string>();
  readonly #offs: (() => void)[];
  #timer: NodeJS.Timeout | undefined;
  readonly #firstRows: number;

  private constructor(
    connection: ClusterConnection,
    ref: CollectionRef,
    kind: KindInfo,
    options: LiveTableOptions,
  ) {
    this.#firstRows = options.firstRows ?? defaultFirstRows;
    const collection = { ...kind, namespace: kind.namespaced ? (ref.namespace ?? '') : '' };
    this.#lease = connection.informer(
      collection,
      'table',
      () => new TableListWatch(connection.http, collection),
    );
    // Every informer of format 'table' is made from a TableListWatch (just above).
    this.#source = this.#lease.informer.source as TableListWatch;
    const informer = this.#lease.informer;
    this.#offs = [
      informer.on('reset', (rows, resourceVersion) => this.#reset(rows, resourceVersion)),
      informer.on('added', (row) => this.#upsert(row)),
      informer.on('modified', (row) => this.#upsert(row)),
      informer.on('deleted', (row) => this.#delete(row.key)),
      informer.on('status', (status) => this.#status(status)),
    ];
  }

  /** Opens the live table of a collection; fails when the context or kind is unknown. */
  static async open(
    connection: ClusterConnection,
    ref: CollectionRef,
    options: LiveTableOptions = {},
  ): Promise<LiveTable> {
    const kinds = await connection.kinds();
    const kind = kinds.find((k) => k.group === ref.group && k.resource === ref.resource);
    if (!kind) {
      throw new ClusterError(
        `cluster "${ref.context}": the server does not serve ${ref.resource}${ref.group ? `.${ref.group}` : ''}`,
        { cluster: ref.context },
        {
          name: 'KubernetesApiError',
          code: 404,
          reason: 'NotFound',
          hint: 'pick another kind; this one may have been removed',
        },
      );
    }
    return new LiveTable(connection, ref, kind, options);
  }

  /** Adds a listener, sending it the current rows first if there are any yet. */
  listen(listener: (event: TableEvent) => void): () => void {
    this.#listeners.add(listener);
    const informer = this.#lease.informer;
    if (informer.synced) {
      this.#flush();
      for (const event of this.#resetEvents(informer.items(), informer.resourceVersion)) {
        listener(event);
      }
    }
    const status = informer.status;
    if (status.state === 'retrying') listener(statusEvent(status));
    return () => this.#listeners.delete(listener);
  }

  #reset(rows: readonly TableRow[], resourceVersion: string): void {
    this.#upserted.clear();
    this.#deleted.clear();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const event of this.#resetEvents(rows, resourceVersion)) this.#emit(event);
  }

  /** A reset, in two parts when it is large: the first rows, then the rest as a `changed`. */
  #resetEvents(rows: readonly TableRow[], resourceVersion: string): TableEvent[] {
    const columns = this.#source.columns;
    if (rows.length <= this.#firstRows) {
      return [{ type: 'reset', columns, rows: [...rows], resourceVersion }];
    }
    return [
      { type: 'reset', columns, rows: rows.slice(0, this.#firstRows), resourceVersion, more: true },
      { type: 'changed', upserted: rows.slice(this.#firstRows), deleted: [], resourceVersion },
    ];
  }

  #upsert(row: TableRow): void {
    this.#deleted.delete(row.key);
    this.#upserted.set(row.key, row);
    this.#schedule();
  }

  #delete(key: string): void {
    this.#upserted.delete(key);
    this.#deleted.add(key);
    this.#schedule();
  }

  #status(status: InformerStatus): void {
    if (status.state === 'listing') return;
    this.#emit(statusEvent(status));
  }

  #schedule(): void {
    this.#timer ??= setTimeout(() => this.#flush(), batchMs);
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#upserted.size === 0 && this.#deleted.size === 0) return;
    const event: TableEvent = {
      type: 'changed',
      upserted: [...this.#upserted.values()],
      deleted: [...this.#deleted],
      resourceVersion: this.#lease.informer.resourceVersion,
    };
    this.#upserted.clear();
    this.#deleted.clear();
    this.#emit(event);
  }

  #emit(event: TableEvent): void {
    for (const listener of [...this.#listeners]) listener(event);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    for (const off of this.#offs) off();
    this.#listeners.clear();
    this.#lease.release();
  }
}

function statusEvent(status: InformerStatus): TableEvent {
  if (status.state !== 'retrying') return { type: 'status', state: 'live' };
  const e = status.error as Error & {
    code?: number;
    reason?: string;
    hint?: string;
    target?: { cluster: string };
  };
  const error: NonNullable<Extract<TableEvent, { type: 'status' }>['error']> = {
    name: e.name,
    message: e.message,
  };
  if (typeof e.code === 'number') error.code = e.code;
  if (e.reason) error.reason = e.reason;
  if (e.hint) error.hint = e.hint;
  if (e.target) error.target = e.target;
  return { type: 'status', state: 'retrying', error };
}
