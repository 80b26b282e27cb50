import { nearest } from '../../starlark/index';
import { isObject } from './crds';
import { filesIn, foldersIn, join, readText } from './files';
import { startOf, type ProblemList } from './problems';
import type {
  ExpressionSelector,
  OwnedResource,
  Position,
  ReconcilerSpec,
  ResourceSelector,
} from './types';
import { readYamlDocuments, type YamlDocument } from './yaml';

/** A reconciler folder as read, broken or not, so that all of it can be checked. */
export interface ReconcilerFolder {
  configPath: string;
  /** Every `.star` file in the folder (one, when the folder is right). */
  code: { path: string; source: string }[];
  /** The config's For, Owns and Watches entries that could be read. */
  resources: { for?: ResourceSelector; owns: OwnedResource[]; watches: ResourceSelector[] };
  /** The reconciler, when its folder has no error. */
  spec?: ReconcilerSpec;
}

/**
 * `reconcilers/`: every folder (at any depth) holding a `config.yaml` is a reconciler, its code
 * the one `.star` file beside it. Folders nest (`reconcilers/vendor/x/y/config.yaml`).
 */
export async function readReconcilersFolder(
  dir: string,
  problems: ProblemList,
): Promise<ReconcilerFolder[]> {
  const folders: ReconcilerFolder[] = [];
  const walk = async (folder: string): Promise<void> => {
    const files = await filesIn(folder);
    const stars = files.filter((f) => f.endsWith('.star'));
    if (files.includes('config.yaml')) {
      folders.push(await readReconciler(folder, stars, files, problems));
    } else if (stars.length > 0) {
      problems.warning(
        startOf(join(folder, stars[0]!)),
        `${stars[0]} is not loaded: there is no config.yaml beside it`,
        'a reconciler is a folder with a config.yaml (kind Reconciler) and one .star file',
      );
    }
    for (const sub of await foldersIn(folder)) await walk(join(folder, sub));
  };
  await walk(dir);
  return folders;
}

async function readReconciler(
  folder: string,
  stars: string[],
  files: string[],
  problems: ProblemList,
): Promise<ReconcilerFolder> {
  const configPath = join(folder, 'config.yaml');
  const code: ReconcilerFolder['code'] = [];
  for (const star of stars) {
    const path = join(folder, star);
    code.push({ path, source: await readText(path) });
  }
  const result: ReconcilerFolder = { configPath, code, resources: { owns: [], watches: [] } };
  const docs = readYamlDocuments(configPath, await readText(configPath), problems);
  const doc = docs[0];
  if (docs.length > 1) {
    problems.warning(
      docs[1]!.at,
      'config.yaml holds more than one document; only the first is read',
      'one reconciler per folder: move the others into folders of their own',
    );
  }
  if (stars.length !== 1) {
    const templates = files.filter((f) => f.endsWith('.tpl') || f.endsWith('.jinja2'));
    if (stars.length === 0) {
      problems.error(
        startOf(configPath),
        templates.length > 0
          ? `template reconcilers (${templates.join(', ')}) are not supported: Starling runs Starlark reconcilers`
          : 'no .star file beside config.yaml',
        "put the reconciler's code in one .star file in this folder",
      );
    } else {
      problems.error(
        startOf(configPath),
        `several .star files beside config.yaml (${stars.join(', ')}): a reconciler has one`,
        'keep the reconciler in one file and move shared code to a library in crds/',
      );
    }
  }
  if (!doc) {
    if (docs.length === 0) problems.error(startOf(configPath), 'config.yaml is empty or invalid');
    return result;
  }
  const config = readConfig(doc, result.resources, problems);
  if (config && code.length === 1) {
    result.spec = {
      ...config,
      configPath,
      starPath: code[0]!.path,
      source: code[0]!.source,
      loads: [],
    };
  }
  return result;
}

const specFields = ['conditionType', 'specUpdate', 'for', 'owns', 'watches', 'type', 'code'];

type Config = Omit<ReconcilerSpec, 'configPath' | 'starPath' | 'source' | 'loads'>;

function readConfig(
  doc: YamlDocument,
  resources: ReconcilerFolder['resources'],
  problems: ProblemList,
): Config | undefined {
  const obj = doc.value;
  if (!isObject(obj)) {
    problems.error(doc.at, 'config.yaml must be a Reconciler object (a YAML map)');
    return undefined;
  }
  if (obj.kind !== undefined && obj.kind !== 'Reconciler') {
    problems.warning(
      doc.valueAt(['kind']),
      `kind is ${String(obj.kind)}; config.yaml is read as kind Reconciler`,
    );
  }
  if (obj.apiVersion !== undefined && obj.apiVersion !== 'choreo.kform.dev/v1alpha1') {
    problems.warning(
      doc.valueAt(['apiVersion']),
      `apiVersion is ${String(obj.apiVersion)}; config.yaml is read as choreo.kform.dev/v1alpha1`,
    );
  }
  const metadata = isObject(obj.metadata) ? obj.metadata : {};
  let ok = true;
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') {
    problems.error(
      doc.valueAt(['metadata', 'name']),
      'the reconciler has no metadata.name',
      'name it <group>.<resource>.<purpose> (e.g. example.com.helloworlds.greeting): it is the finalizer and the field manager',
    );
    ok = false;
  }
  if (!isObject(obj.spec)) {
    problems.error(doc.valueAt(['spec']), 'the reconciler has no spec', 'give spec.for at least');
    return undefined;
  }
  const spec = obj.spec;
  for (const entry of doc.entriesAt(['spec'])) {
    if (specFields.includes(entry.key)) continue;
    const near = nearest(entry.key, specFields);
    problems.warning(
      entry.keyAt,
      `unknown field spec.${entry.key} is ignored`,
      near ? `did you mean ${near}?` : `spec has ${specFields.slice(0, 5).join(', ')}`,
    );
  }
  let conditionType: string | undefined;
  if (spec.conditionType !== undefined && spec.conditionType !== null) {
    if (typeof spec.conditionType === 'string') conditionType = spec.conditionType;
    else {
      problems.error(doc.valueAt(['spec', 'conditionType']), 'spec.conditionType must be a string');
      ok = false;
    }
  }
  let specUpdate = false;
  if (spec.specUpdate !== undefined && spec.specUpdate !== null) {
    if (typeof spec.specUpdate === 'boolean') specUpdate = spec.specUpdate;
    else {
      problems.error(doc.valueAt(['spec', 'specUpdate']), 'spec.specUpdate must be true or false');
      ok = false;
    }
  }
  const forResource = readResource(doc, ['spec', 'for'], 'for', problems);
  if (!forResource) ok = false;
  else resources.for = forResource;
  const owns = resources.owns;
  for (const path of listPaths(doc, spec.owns, ['spec', 'owns'], problems)) {
    const r = readResource(doc, path, 'owns', problems);
    if (!r) ok = false;
    else owns.push({ group: r.group, version: r.version, kind: r.kind, at: r.at });
  }
  const watches = resources.watches;
  for (const path of listPaths(doc, spec.watches, ['spec', 'watches'], problems)) {
    const r = readResource(doc, path, 'watches', problems);
    if (!r) ok = false;
    else watches.push(r);
  }
  if (!ok || !forResource) return undefined;
  const config: Config = { name: name as string, specUpdate, for: forResource, owns, watches };
  if (conditionType !== undefined) config.conditionType = conditionType;
  return config;
}

function listPaths(
  doc: YamlDocument,
  value: unknown,
  path: string[],
  problems: ProblemList,
): (string | number)[][] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.error(doc.valueAt(path), `${path.join('.')} must be a list of {group, version, kind}`);
    return [];
  }
  return value.map((_, i) => [...path, i]);
}

type Role = 'for' | 'owns' | 'watches';

function readResource(
  doc: YamlDocument,
  path: (string | number)[],
  role: Role,
  problems: ProblemList,
): ResourceSelector | undefined {
  const at = doc.keyAt(path);
  const value = valueAtPath(doc.value, path);
  const where = path.join('.');
  if (!isObject(value)) {
    problems.error(
      doc.valueAt(path),
      value === undefined
        ? `missing ${where}`
        : `${where} must be a map with group, version and kind`,
      role === 'for'
        ? 'spec.for names the kind this reconciler reconciles: {group, version, kind, selector}'
        : undefined,
    );
    return undefined;
  }
  let ok = true;
  const text = (field: 'group' | 'version' | 'kind', required: boolean): string => {
    const v = value[field];
    if (typeof v === 'string' && (v !== '' || !required)) return v;
    if (v === undefined && !required) return '';
    problems.error(
      doc.valueAt([...path, field]),
      v === undefined ? `${where} has no ${field}` : `${where}.${field} must be a non-empty string`,
    );
    ok = false;
    return '';
  };
  const group = text('group', false);
  const version = text('version', true);
  const kind = text('kind', true);
  if (!ok) return undefined;
  const resource: ResourceSelector = { group, version, kind, at };
  const selectorPath = [...path, 'selector'];
  const raw = value.selector;
  if (role === 'owns') {
    if (raw !== undefined && raw !== null) {
      problems.warning(
        doc.keyAt(selectorPath),
        'a selector on owns is ignored: every child the reconciler owns counts',
        'remove it',
      );
    }
    return resource;
  }
  if (raw === undefined || raw === null) {
    if (role === 'for') {
      problems.warning(
        at,
        `spec.for has no selector, so this reconciler reconciles no ${kind} (as in Choreo: a missing selector matches nothing)`,
        'add `selector: {}` to reconcile every object of the kind',
      );
    } else {
      problems.error(
        at,
        'a watch needs a selector whose match links the watched object to the For objects',
        "e.g. selector: {match: {metadata.name: spec.nodeName}} requeues the For objects whose spec.nodeName is the watched object's name",
      );
      return undefined;
    }
    return resource;
  }
  const selector = readSelector(doc, selectorPath, raw, problems);
  if (!selector) return undefined;
  resource.selector = selector;
  if (role === 'watches') {
    if (selector.matchExpressions && selector.matchExpressions.length > 0) {
      problems.warning(
        doc.keyAt([...selectorPath, 'matchExpressions']),
        'matchExpressions in a watch are ignored (as in Choreo): only match links the watched object to the For objects',
        'move the condition into match, or into the For selector',
      );
      delete selector.matchExpressions;
    }
    if (Object.keys(selector.match ?? {}).length === 0) {
      problems.error(
        doc.keyAt(selectorPath),
        'a watch needs a selector with at least one match entry',
        'match: {<expression on the watched object>: <expression on the For object>}',
      );
      return undefined;
    }
  }
  return resource;
}

function readSelector(
  doc: YamlDocument,
  path: (string | number)[],
  raw: unknown,
  problems: ProblemList,
): ExpressionSelector | undefined {
  if (!isObject(raw)) {
    problems.error(
      doc.valueAt(path),
      'a selector must be a map with match and/or matchExpressions',
    );
    return undefined;
  }
  const selector: ExpressionSelector = {
    source: { at: doc.keyAt(path), match: {}, matchExpressions: [] },
  };
  let ok = true;
  if (raw.match !== undefined && raw.match !== null) {
    if (!isObject(raw.match)) {
      problems.error(
        doc.valueAt([...path, 'match']),
        'selector.match must be a map of expression: value',
      );
      ok = false;
    } else {
      const match: Record<string, string> = {};
      for (const entry of doc.entriesAt([...path, 'match'])) {
        const value = raw.match[entry.key];
        selector.source!.match[entry.key] = {
          key: entry.keyAt,
          value: entry.valueAt,
          keyQuoted: entry.quoted,
          valueQuoted: entry.valueQuoted,
        };
        if (typeof value === 'string') {
          match[entry.key] = value;
        } else if (typeof value === 'number' || typeof value === 'boolean') {
          match[entry.key] = String(value);
          problems.warning(
            entry.valueAt,
            `match value ${String(value)} is not a string: Choreo cannot read this config; Starling compares with "${String(value)}"`,
            `quote it: "${String(value)}"`,
          );
        } else {
          problems.error(entry.valueAt, 'a match value must be a string');
          ok = false;
        }
      }
      selector.match = match;
    }
  }
  if (raw.matchExpressions !== undefined && raw.matchExpressions !== null) {
    if (!Array.isArray(raw.matchExpressions)) {
      problems.error(
        doc.valueAt([...path, 'matchExpressions']),
        'selector.matchExpressions must be a list of {expression, operator, values}',
      );
      ok = false;
    } else {
      selector.matchExpressions = [];
      raw.matchExpressions.forEach((item: unknown, i: number) => {
        const itemPath = [...path, 'matchExpressions', i];
        const e = isObject(item) ? item : {};
        const values = Array.isArray(e.values)
          ? e.values.map((v: unknown) => String(v))
          : undefined;
        if (typeof e.expression !== 'string' || e.expression === '') {
          problems.error(doc.valueAt(itemPath), 'a matchExpressions entry needs an expression');
          ok = false;
          return;
        }
        if (typeof e.operator !== 'string') {
          problems.error(doc.valueAt(itemPath), 'a matchExpressions entry needs an operator');
          ok = false;
          return;
        }
        const requirement = { expression: e.expression, operator: e.operator } as {
          expression: string;
          operator: string;
          values?: string[];
        };
        if (values) requirement.values = values;
        selector.matchExpressions!.push(requirement);
        selector.source!.matchExpressions.push(expressionStart(doc, [...itemPath, 'expression']));
      });
    }
  }
  return ok ? selector : undefined;
}

/** Where an expression's text starts: just inside its quotes when it is quoted. */
function expressionStart(doc: YamlDocument, path: (string | number)[]): Position {
  const at = doc.valueAt(path);
  return doc.isQuoted(path) ? { ...at, col: at.col + 1 } : at;
}

function valueAtPath(root: unknown, path: readonly (string | number)[]): unknown {
  let v = root;
  for (const segment of path) {
    if (Array.isArray(v) && typeof segment === 'number') v = v[segment];
    else if (isObject(v)) v = v[String(segment)];
    else return undefined;
  }
  return v;
}
