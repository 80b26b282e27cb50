import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  checkSelector,
  compileJoin,
  commonTopLevelFields,
  joinTerms,
  SelectorError,
} from '../selector/index';
import { readCrdsFolder } from './crds';
import { join } from './files';
import { readInputsFolder } from './inputs';
import { displayGvk, KindIndex, splitApiVersion } from './kinds';
import { ProblemList, sortProblems, startOf } from './problems';
import { readReconcilersFolder, type ReconcilerFolder } from './reconcilers';
import { readRefsFolder } from './refs';
import { checkStarlark } from './starlark-check';
import type {
  Crd,
  Library,
  LoadOptions,
  LoadResult,
  Manifest,
  Problem,
  Project,
  ReconcilerSpec,
  UpstreamRef,
} from './types';

/**
 * Loads a Choreo project: every CRD, library, reconciler, input and ref, each parsed and checked,
 * and every problem found on the way, each at its file, line and column. Loading never stops at
 * the first problem, and what is fine is kept, so the problems of a whole project come at once.
 * A project with error problems must not run; warnings name Choreo's traps.
 */
export async function loadProject(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const root = resolve(dir);
  const problems = new ProblemList();
  const project: Project = {
    dir: root,
    crds: [],
    libraries: new Map(),
    reconcilers: [],
    inputs: [],
    refs: [],
  };
  if (!(await isDirectory(root))) {
    problems.error(
      startOf(root),
      `${dir} is not a folder`,
      'give the folder that holds crds/, reconcilers/ and in/',
    );
    return { project, problems: problems.problems };
  }
  const refsCache = resolve(options.refsCache ?? join(root, '.starling', 'refs'));
  const fetchOptions = { refsCache, offline: options.offline ?? false };

  const own = await readParts(root, 'all', undefined, problems);
  const parts = [own];
  project.refs = await readRefsFolder(root, problems, fetchOptions);
  for (const ref of [...project.refs]) {
    parts.push(await readParts(ref.path!, ref.type, ref.includes, problems));
    if (ref.type !== 'all') continue;
    // An `all` ref may bring CRD refs of its own; nothing nests deeper (as in Choreo).
    for (const child of await readRefsFolder(ref.path!, problems, fetchOptions)) {
      if (child.type === 'all') {
        problems.error(
          child.at,
          `UpstreamRef ${child.name}: a ref of type all cannot be nested in another (${ref.name})`,
          'refs of a referenced project may only be of type crd',
        );
        continue;
      }
      project.refs.push(child);
      parts.push(await readParts(child.path!, 'crd', child.includes, problems));
    }
  }
  const folders = parts.flatMap((p) => p.reconcilers);
  for (const part of parts) {
    addCrds(project.crds, part.crds, problems);
    addLibraries(project.libraries, part.libraries, problems);
    project.inputs.push(...part.inputs);
  }

  const loads = checkStarlark(
    project.libraries,
    folders.flatMap((f) => f.code),
    problems,
  );
  const kinds = new KindIndex(project.crds);
  checkReconcilerKinds(folders, kinds, problems);
  checkInputKinds(project.inputs, kinds, problems);
  const brokenSelectors = checkSelectors(folders, project.crds, problems);
  for (const folder of folders) {
    const spec = folder.spec;
    if (!spec || brokenSelectors.has(folder)) continue;
    spec.loads = loads.get(spec.starPath) ?? [];
    addReconciler(project.reconcilers, spec, problems);
  }
  return { project, problems: sortProblems(problems.problems) };
}

interface Parts {
  crds: Crd[];
  libraries: Library[];
  reconcilers: ReconcilerFolder[];
  inputs: Manifest[];
}

async function readParts(
  root: string,
  type: UpstreamRef['type'],
  includes: readonly string[] | undefined,
  problems: ProblemList,
): Promise<Parts> {
  const { crds, libraries } = await readCrdsFolder(join(root, 'crds'), problems, includes);
  if (type === 'crd') return { crds, libraries, reconcilers: [], inputs: [] };
  return {
    crds,
    libraries,
    reconcilers: await readReconcilersFolder(join(root, 'reconcilers'), problems),
    inputs: await readInputsFolder(join(root, 'in'), problems),
  };
}

function addCrds(all: Crd[], more: readonly Crd[], problems: ProblemList): void {
  for (const crd of more) {
    const first = all.find((c) => c.group === crd.group && c.kind === crd.kind);
    if (first) {
      problems.warning(
        crd.at,
        `${crd.kind}.${crd.group} is defined twice; the first definition is used`,
        `the first is at ${where(first.at)}`,
      );
      continue;
    }
    all.push(crd);
  }
}

function addLibraries(
  all: Map<string, Library>,
  more: readonly Library[],
  problems: ProblemList,
): void {
  for (const library of more) {
    const first = all.get(library.module);
    if (first) {
      problems.error(
        startOf(library.path),
        `two libraries are loaded as "${library.module}"`,
        `the other is ${first.path}; library names must be unique across the project and its refs`,
      );
      continue;
    }
    all.set(library.module, library);
  }
}

function addReconciler(
  all: ReconcilerSpec[],
  reconciler: ReconcilerSpec,
  problems: ProblemList,
): void {
  const first = all.find((r) => r.name === reconciler.name);
  if (first) {
    problems.error(
      startOf(reconciler.configPath),
      `duplicate reconciler name ${reconciler.name}`,
      `${first.configPath} has the same metadata.name; the name is the finalizer and field manager, so it must be unique`,
    );
    return;
  }
  all.push(reconciler);
}

function checkReconcilerKinds(
  folders: readonly ReconcilerFolder[],
  kinds: KindIndex,
  problems: ProblemList,
): void {
  for (const { resources: r } of folders) {
    for (const resource of [...(r.for ? [r.for] : []), ...r.owns, ...r.watches]) {
      const found = kinds.lookup(resource);
      if (!found.ok) problems.error(resource.at, found.message, found.hint);
    }
  }
}

function checkInputKinds(
  inputs: readonly Manifest[],
  kinds: KindIndex,
  problems: ProblemList,
): void {
  for (const input of inputs) {
    const found = kinds.lookup({ ...splitApiVersion(input.apiVersion), kind: input.kind });
    if (!found.ok) problems.error(input.at, found.message, found.hint);
  }
}

/**
 * Compiles every selector expression (CEL errors at their place in config.yaml) and splits each
 * watch's match into join terms against the For kind's fields, warning about literals. Returns
 * the folders with an invalid selector.
 */
function checkSelectors(
  folders: readonly ReconcilerFolder[],
  crds: readonly Crd[],
  problems: ProblemList,
): Set<ReconcilerFolder> {
  const broken = new Set<ReconcilerFolder>();
  const report = (folder: ReconcilerFolder, list: readonly Problem[]) => {
    for (const p of list) {
      problems.add(p.severity, p, p.message, p.hint);
      if (p.severity === 'error') broken.add(folder);
    }
  };
  for (const folder of folders) {
    const { for: forResource, watches } = folder.resources;
    if (forResource) report(folder, checkSelector(forResource.selector));
    const crd =
      forResource && crds.find((c) => c.group === forResource.group && c.kind === forResource.kind);
    const forFields = crd?.topLevelFields ? new Set(crd.topLevelFields) : commonTopLevelFields;
    const forKind = forResource?.kind ?? 'For object';
    const forSelector = forResource?.selector;
    const forSelects =
      Object.keys(forSelector?.match ?? {}).length + (forSelector?.matchExpressions?.length ?? 0) >
      0;
    for (const watch of watches) {
      if (forSelects) {
        problems.warning(
          watch.at,
          `watch on ${displayGvk(watch)}: Choreo tests the For selector on the watched ${watch.kind}, not on the ${forKind}s the watch links, so in Choreo it requeues them only when the ${watch.kind} itself matches the For selector; Starling tests the For selector on each ${forKind}`,
          `to behave the same in both, give the For selector only conditions the watched ${watch.kind} meets too, or use \`selector: {}\` on for`,
        );
      }
      watch.join = joinTerms(watch.selector?.match ?? {}, forFields);
      try {
        compileJoin(watch);
      } catch (e) {
        if (!(e instanceof SelectorError)) throw e;
        report(folder, e.problems);
        continue;
      }
      for (const term of watch.join) {
        if (term.literal === undefined) continue;
        const place = watch.selector?.source?.match[term.watched];
        problems.warning(
          place?.value ?? watch.at,
          `watch on ${displayGvk(watch)}: "${term.literal}" is not an expression on the For object (${forKind}), so Choreo never matches this watch; Starling requeues every ${forKind} when the watched object's ${term.watched} is "${term.literal}"`,
          `to link each watched object to its ${forKind}, write an expression on the ${forKind} on the right (e.g. spec.<field>)`,
        );
      }
    }
  }
  return broken;
}

function where(at: { file: string; line: number; col: number }): string {
  return `${at.file}:${at.line}:${at.col}`;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
