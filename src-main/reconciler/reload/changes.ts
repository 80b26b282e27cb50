import type {
  Crd,
  Gvk,
  Manifest,
  Project,
  ReconcilerSpec,
  ResourceSelector,
} from '../project/index';

/**
 * What differs between two versions of a project, in the terms the runtime acts on: which
 * reconcilers to start, restart and stop, whether the CRDs or the inputs must be applied again.
 * A reconciler counts as changed when its config means something else (positions and formatting
 * do not count), its code differs, or a library it loads — directly or through other libraries,
 * in the old version or the new — changed.
 */
export interface ProjectChanges {
  /** Reconciler names, then `'libraries'` and `'crds'` when those changed (the agreed summary). */
  changed: (string | 'libraries' | 'crds')[];
  reconcilers: { added: string[]; changed: string[]; removed: string[] };
  /** Library modules added, removed or edited. */
  libraries: string[];
  crds: boolean;
  inputs: boolean;
}

export function diffProjects(before: Project | undefined, after: Project): ProjectChanges {
  const libraries = changedLibraries(before, after);
  const changedSet = new Set(libraries);
  const oldByName = new Map((before?.reconcilers ?? []).map((r) => [r.name, r]));
  const newByName = new Map(after.reconcilers.map((r) => [r.name, r]));
  const added: string[] = [];
  const changed: string[] = [];
  for (const [name, r] of newByName) {
    const old = oldByName.get(name);
    if (!old) added.push(name);
    else if (reconcilerDiffers(old, r, changedSet)) changed.push(name);
  }
  const removed = [...oldByName.keys()].filter((name) => !newByName.has(name));
  const crds = canonical(crdsOf(before)) !== canonical(crdsOf(after));
  const inputs = canonical(inputsOf(before)) !== canonical(inputsOf(after));
  const summary: ProjectChanges['changed'] = [...added, ...changed, ...removed];
  if (libraries.length > 0) summary.push('libraries');
  if (crds) summary.push('crds');
  return {
    changed: summary,
    reconcilers: { added, changed, removed },
    libraries,
    crds,
    inputs,
  };
}

export function hasChanges(changes: ProjectChanges): boolean {
  return changes.changed.length > 0 || changes.inputs;
}

function changedLibraries(before: Project | undefined, after: Project): string[] {
  const old = before?.libraries ?? new Map();
  const modules = new Set([...old.keys(), ...after.libraries.keys()]);
  return [...modules].filter((m) => old.get(m)?.source !== after.libraries.get(m)?.source).sort();
}

function reconcilerDiffers(
  old: ReconcilerSpec,
  now: ReconcilerSpec,
  changedLibraries: ReadonlySet<string>,
): boolean {
  if (old.source !== now.source) return true;
  if (canonical(meaningOf(old)) !== canonical(meaningOf(now))) return true;
  return [...old.loads, ...now.loads].some((m) => changedLibraries.has(m));
}

/** A reconciler config without its positions. */
function meaningOf(r: ReconcilerSpec): unknown {
  return {
    configPath: r.configPath,
    starPath: r.starPath,
    conditionType: r.conditionType ?? null,
    specUpdate: r.specUpdate,
    for: selectorMeaning(r.for),
    owns: r.owns.map(gvkOf),
    watches: r.watches.map(selectorMeaning),
  };
}

function gvkOf(g: Gvk): Gvk {
  return { group: g.group, version: g.version, kind: g.kind };
}

function selectorMeaning(r: ResourceSelector): unknown {
  const selector = r.selector
    ? { match: r.selector.match ?? null, matchExpressions: r.selector.matchExpressions ?? null }
    : null;
  return { ...gvkOf(r), selector, join: r.join ?? null };
}

function crdsOf(p: Project | undefined): unknown {
  return (p?.crds ?? []).map((c: Crd) => c.object);
}

function inputsOf(p: Project | undefined): unknown {
  return (p?.inputs ?? []).map((m: Manifest) => m.object);
}

/** JSON with object keys sorted, so that key order does not count as a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );
}
