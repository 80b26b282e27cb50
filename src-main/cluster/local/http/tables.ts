import type { KubeObject } from '../api/objects';
import type { PrinterColumn, ResourceType } from '../api/resource-types';

/**
 * The `Table` format (meta.k8s.io/v1) `kubectl get` asks for: columns per kind, as the API
 * server's printers define them for the built-ins and as additionalPrinterColumns do for CRDs.
 */

interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
  cell: (object: KubeObject, now: number) => unknown;
}

const nameColumn: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  priority: 0,
  cell: (o) => o.metadata.name ?? '',
};

const ageColumn: Column = {
  name: 'Age',
  type: 'string',
  format: '',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created.',
  priority: 0,
  cell: (o, now) => age(o.metadata.creationTimestamp ?? undefined, now),
};

function column(name: string, type: string, cell: Column['cell'], priority = 0): Column {
  return { name, type, format: '', description: '', priority, cell };
}

function countOf(value: unknown): number {
  return value && typeof value === 'object' ? Object.keys(value).length : 0;
}

/** An Event's times: firstTimestamp or eventTime; lastTimestamp or the first; a series' last. */
function eventTimes(o: KubeObject): { first?: string; last?: string; count: number } {
  const first = (o.firstTimestamp as string | null) || (o.eventTime as string | null) || undefined;
  const series = o.series as { count?: number; lastObservedTime?: string } | undefined;
  if (series) return { first, last: series.lastObservedTime, count: series.count ?? 0 };
  const last = (o.lastTimestamp as string | null) || first;
  return { first, last, count: (o.count as number | undefined) || 1 };
}

function eventSource(o: KubeObject): string {
  const source = (o.source ?? {}) as { component?: string; host?: string };
  const component = source.component || (o.reportingComponent as string | undefined) || '';
  const host = source.host || (o.reportingInstance as string | undefined) || '';
  return host ? `${component}, ${host}` : component;
}

const eventColumns: Column[] = [
  column('Last Seen', 'string', (o, now) => age(eventTimes(o).last, now)),
  column('Type', 'string', (o) => o.type ?? ''),
  column('Reason', 'string', (o) => o.reason ?? ''),
  column('Object', 'string', (o) => {
    const io = (o.involvedObject ?? o.regarding ?? {}) as { kind?: string; name?: string };
    return `${(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`;
  }),
  column(
    'Subobject',
    'string',
    (o) => ((o.involvedObject ?? o.regarding ?? {}) as { fieldPath?: string }).fieldPath ?? '',
    1,
  ),
  column('Source', 'string', eventSource, 1),
  column('Message', 'string', (o) => o.message ?? o.note ?? ''),
  column('First Seen', 'string', (o, now) => age(eventTimes(o).first, now), 1),
  column('Count', 'string', (o) => eventTimes(o).count, 1),
  { ...nameColumn, priority: 1 },
];

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
}

/** A CRD's served versions as the printer lists them: `v1(storage),v1beta1`. */
function crdVersions(o: KubeObject): string {
  const versions = ((o.spec as { versions?: CrdVersion[] })?.versions ?? [])
    .filter((v) => v.served)
    .map((v) => `${v.name}${v.storage ? '(storage)' : ''}`);
  return versions.join(',');
}

function crdEstablished(o: KubeObject): boolean {
  const conditions = (o.status as { conditions?: { type: string; status: string }[] } | undefined)
    ?.conditions;
  return conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false;
}

// As the API server's printers: cells of counts are numbers in columns typed `string`.
const builtinColumns: Record<string, Column[]> = {
  '/namespaces': [
    nameColumn,
    column('Status', 'string', (o) => (o.status as { phase?: string })?.phase ?? ''),
    ageColumn,
  ],
  '/configmaps': [
    nameColumn,
    column('Data', 'string', (o) => countOf(o.data) + countOf(o.binaryData)),
    ageColumn,
  ],
  '/secrets': [
    nameColumn,
    column('Type', 'string', (o) => o.type ?? ''),
    column('Data', 'string', (o) => countOf(o.data)),
    ageColumn,
  ],
  '/events': eventColumns,
  'events.k8s.io/events': eventColumns,
  'apiextensions.k8s.io/customresourcedefinitions': [
    nameColumn,
    column('Scope', 'string', (o) => (o.spec as { scope?: string })?.scope ?? ''),
    column('Versions', 'string', crdVersions),
    column('Created At', 'date', (o) => o.metadata.creationTimestamp ?? ''),
    column('Group', 'string', (o) => (o.spec as { group?: string })?.group ?? '', 1),
    column(
      'Kind',
      'string',
      (o) => (o.spec as { names?: { kind?: string } })?.names?.kind ?? '',
      1,
    ),
    column(
      'ShortNames',
      'string',
      (o) => ((o.spec as { names?: { shortNames?: string[] } })?.names?.shortNames ?? []).join(','),
      1,
    ),
    column('Established', 'boolean', crdEstablished, 1),
  ],
};

function columnsFor(type: ResourceType): Column[] {
  const builtin = builtinColumns[`${type.group}/${type.resource}`];
  if (builtin) return builtin;
  if (!type.printerColumns || type.printerColumns.length === 0) return [nameColumn, ageColumn];
  return [nameColumn, ...type.printerColumns.map(printerColumn)];
}

function printerColumn(c: PrinterColumn): Column {
  const isAge = c.type === 'date';
  return {
    name: c.name,
    type: c.type,
    format: c.format ?? '',
    description: c.description ?? '',
    priority: c.priority ?? 0,
    cell: (o, now) => {
      const value = jsonPathValue(o, c.jsonPath);
      if (value === undefined) return null;
      if (isAge && typeof value === 'string') return age(value, now);
      return value;
    },
  };
}

/** A printer column's JSONPath: dotted fields, `[N]` indexes and `[?(@.f=="v")]` filters. */
export function jsonPathValue(object: unknown, path: string): unknown {
  let current: unknown[] = [object];
  const tokens =
    path
      .replace(/^\{?\.?/, '')
      .replace(/\}$/, '')
      .match(/\[\?\(@\.[^)]*\)\]|\[\d+\]|[^.[\]]+/g) ?? [];
  for (const token of tokens) {
    const next: unknown[] = [];
    for (const value of current) {
      if (token.startsWith('[?(')) {
        const m = /^\[\?\(@\.([\w.]+)\s*==\s*["']?([^"')]*)["']?\)\]$/.exec(token);
        if (m && Array.isArray(value)) {
          next.push(...value.filter((item) => String(jsonPathValue(item, m[1]!)) === m[2]));
        }
      } else if (token.startsWith('[')) {
        if (Array.isArray(value)) next.push(value[Number(token.slice(1, -1))]);
      } else if (value && typeof value === 'object') {
        next.push((value as Record<string, unknown>)[token]);
      }
    }
    current = next.filter((v) => v !== undefined);
  }
  if (current.length === 0) return undefined;
  return current.length === 1 ? current[0] : current;
}

export type TableInclude = 'Metadata' | 'Object' | 'None';

export function table(
  type: ResourceType,
  objects: KubeObject[],
  resourceVersion: string,
  extra: Record<string, unknown> = {},
  options: { headers?: boolean; include?: TableInclude } = {},
): object {
  const columns = columnsFor(type);
  const now = Date.now();
  const include = options.include ?? 'Metadata';
  const metadata: Record<string, unknown> = { ...extra };
  if (resourceVersion) metadata.resourceVersion = resourceVersion;
  const definitions = columns.map(({ name, type: t, format, description, priority }) => ({
    name,
    type: t,
    format,
    description,
    priority,
  }));
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: options.headers === false ? null : definitions,
    rows: objects.map((o) => ({
      cells: columns.map((c) => c.cell(o, now)),
      object:
        include === 'None'
          ? null
          : include === 'Object'
            ? o
            : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}

/** How long ago, the way kubectl prints ages (apimachinery's HumanDuration). */
export function age(since: string | undefined, now: number): string {
  if (!since) return '<unknown>';
  const seconds = Math.floor((now - Date.parse(since)) / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (days < 730) return `${days}d`;
  const years = Math.floor(days / 365);
  if (days < 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

/** Whether an Accept header asks for a Table (kubectl get does). */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /;\s*as=Table/.test(accept.split(',')[0] ?? '');
}
