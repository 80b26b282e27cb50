import type { KubeObject, TableCell, TableColumn, TableRow } from '../contract';
import { errorFromStatus, type KubeStatus } from './errors';
import type { KubeHttp } from './http';
import type { ListWatch, WatchEvent } from './informer';
import type { WatchEventType } from './resource-version';

/** One kind's collection in one cluster: what a URL path needs, and what errors name. */
export interface Collection {
  group: string;
  version: string;
  resource: string;
  kind: string;
  /** '' or absent: every namespace (and cluster-scoped kinds). */
  namespace?: string;
}

/** `/api/v1/namespaces/ns/configmaps`, `/apis/g/v/widgets`, with `/name` when given. */
export function collectionPath(c: Collection, name?: string): string {
  const base = c.group ? `/apis/${c.group}/${c.version}` : `/api/${c.version}`;
  const ns = c.namespace ? `/namespaces/${encodeURIComponent(c.namespace)}` : '';
  return `${base}${ns}/${c.resource}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

interface RawWatchEvent {
  type: WatchEventType | 'BOOKMARK' | 'ERROR';
  object: unknown;
}

/** A watch of a collection; each line becomes an event, an `ERROR` event a thrown error. */
async function watchCollection<T>(
  http: KubeHttp,
  c: Collection,
  resourceVersion: string,
  accept: string | undefined,
  convert: (object: unknown) => T[],
  onEvent: (event: WatchEvent<T>) => void,
  signal: AbortSignal,
): Promise<void> {
  const target = { kind: c.kind, ...(c.namespace ? { namespace: c.namespace } : {}) };
  let failure: Error | undefined;
  const controller = new AbortController();
  const both = AbortSignal.any([signal, controller.signal]);
  await http.stream(
    {
      path: collectionPath(c),
      query: {
        watch: 1,
        resourceVersion,
        allowWatchBookmarks: true,
        // The server ends each watch after a while; the informer watches again from where it is.
        timeoutSeconds: 240 + Math.floor(Math.random() * 120),
      },
      ...(accept ? { accept } : {}),
      target,
      signal: both,
    },
    (line) => {
      if (failure) return;
      try {
        const event = JSON.parse(line) as RawWatchEvent;
        if (event.type === 'ERROR') {
          const status = event.object as KubeStatus;
          failure = errorFromStatus(status.code ?? 500, status, {
            cluster: http.context,
            ...target,
          });
        } else if (event.type === 'BOOKMARK') {
          const meta = (event.object as KubeObject).metadata;
          onEvent({ type: 'BOOKMARK', resourceVersion: meta?.resourceVersion ?? '' });
        } else {
          for (const object of convert(event.object)) onEvent({ type: event.type, object });
        }
      } catch (err) {
        failure = err instanceof Error ? err : new Error(String(err));
      }
      if (failure) controller.abort();
    },
  );
  if (failure) throw failure;
}

/** Full objects of a collection: what controllers watch. */
export function objectListWatch(http: KubeHttp, c: Collection): ListWatch<KubeObject> {
  const target = { kind: c.kind, ...(c.namespace ? { namespace: c.namespace } : {}) };
  return {
    async list(signal) {
      const items: KubeObject[] = [];
      let resourceVersion = '';
      let continueToken: string | undefined;
      do {
        const page = await http.request<{
          items?: KubeObject[];
          metadata?: { resourceVersion?: string; continue?: string };
        }>({
          path: collectionPath(c),
          query: { limit: 500, continue: continueToken },
          target,
          signal,
        });
        items.push(...(page.items ?? []));
        resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
        continueToken = page.metadata?.continue || undefined;
      } while (continueToken);
      return { items, resourceVersion };
    },
    watch: (rv, onEvent, signal) =>
      watchCollection(http, c, rv, undefined, (o) => [o as KubeObject], onEvent, signal),
    keyOf: (o) => objectKey(o.metadata?.namespace, o.metadata?.name ?? ''),
    versionOf: (o) => o.metadata?.resourceVersion ?? '',
  };
}

const tableAccept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

interface KubeTable {
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  columnDefinitions?: {
    name: string;
    type: string;
    format?: string;
    description?: string;
    priority?: number;
  }[];
  rows?: { cells: unknown[]; object?: KubeObject }[];
  items?: KubeObject[];
}

/**
 * A collection in the server's Table format, as `kubectl get` shows it: the server's printer
 * columns (additionalPrinterColumns for custom kinds). The list fixes the columns; watch events
 * carry one-row Tables. An `Age` column is turned into the creation timestamp (type `date`) so
 * the renderer can show ages that stay true. A server without the Table format gets Name and
 * Age from the objects themselves.
 */
export class TableListWatch implements ListWatch<TableRow> {
  columns: TableColumn[] = [];
  #ageColumn = -1;
  #fallback = false;
  readonly #http: KubeHttp;
  readonly #c: Collection;

  constructor(http: KubeHttp, c: Collection) {
    this.#http = http;
    this.#c = c;
  }

  async list(signal: AbortSignal): Promise<{ items: TableRow[]; resourceVersion: string }> {
    const rows: TableRow[] = [];
    let resourceVersion = '';
    let continueToken: string | undefined;
    let first = true;
    do {
      const page = await this.#http.request<KubeTable>({
        path: collectionPath(this.#c),
        query: { limit: 500, continue: continueToken },
        accept: tableAccept,
        target: {
          kind: this.#c.kind,
          ...(this.#c.namespace ? { namespace: this.#c.namespace } : {}),
        },
        signal,
      });
      if (first) this.#setColumns(page);
      first = false;
      rows.push(...this.#rows(page));
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      continueToken = page.metadata?.continue || undefined;
    } while (continueToken);
    return { items: rows, resourceVersion };
  }

  watch(rv: string, onEvent: (e: WatchEvent<TableRow>) => void, signal: AbortSignal) {
    return watchCollection(
      this.#http,
      this.#c,
      rv,
      tableAccept,
      (o) => this.#rows(o as KubeTable),
      onEvent,
      signal,
    );
  }

  keyOf = (row: TableRow) => row.key;
  versionOf = (row: TableRow) => row.resourceVersion;

  #setColumns(page: KubeTable): void {
    this.#fallback = page.kind !== 'Table';
    const defs = this.#fallback
      ? [
          { name: 'Name', type: 'string', format: 'name', description: 'Name', priority: 0 },
          {
            name: 'Age',
            type: 'date',
            format: '',
            description: 'Time since creation',
            priority: 0,
          },
        ]
      : (page.columnDefinitions ?? []);
    this.columns = defs.map((d) => ({
      name: d.name,
      type: d.type,
      format: d.format ?? '',
      description: d.description ?? '',
      priority: d.priority ?? 0,
    }));
    this.#ageColumn = this.columns.findIndex((col) => col.name === 'Age');
    if (this.#ageColumn >= 0) this.columns[this.#ageColumn]!.type = 'date';
  }

  #rows(page: KubeTable): TableRow[] {
    if (page.kind !== 'Table') {
      // A server without Table support sends plain objects (a list, or one per watch event).
      const objects = page.items ?? (page.kind ? [page as KubeObject] : []);
      return objects.map((o) => this.#row(o, [o.metadata?.name ?? '', null]));
    }
    return (page.rows ?? []).map((r) => this.#row(r.object ?? {}, r.cells));
  }

  #row(object: KubeObject, cells: unknown[]): TableRow {
    const meta = object.metadata ?? {};
    const values = cells.map(toCell);
    if (this.#ageColumn >= 0) values[this.#ageColumn] = meta.creationTimestamp ?? null;
    const name = meta.name ?? '';
    const namespace = meta.namespace ?? '';
    return {
      key: objectKey(namespace, name),
      uid: meta.uid ?? '',
      name,
      namespace,
      resourceVersion: meta.resourceVersion ?? '',
      cells: values,
    };
  }
}

function toCell(value: unknown): TableCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  return JSON.stringify(value);
}
