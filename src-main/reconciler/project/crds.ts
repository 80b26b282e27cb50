import { filesIn, isYamlFile, join, readText } from './files';
import type { ProblemList } from './problems';
import type { Crd, KubeObject, Library } from './types';
import { readYamlDocuments, type YamlDocument } from './yaml';

/**
 * `crds/`: CustomResourceDefinition YAMLs, and Starlark libraries `<group>_<plural>.star`, loaded
 * as `"<group>.<plural>.star"` (every `_` of the file name becomes `.`, as in Choreo). Only the
 * folder itself is read, not its subfolders (as Choreo reads it).
 */
export async function readCrdsFolder(
  dir: string,
  problems: ProblemList,
  includes?: readonly string[],
): Promise<{ crds: Crd[]; libraries: Library[] }> {
  const crds: Crd[] = [];
  const libraries: Library[] = [];
  const included = (name: string) => {
    if (!includes) return true;
    const stem = name.replace(/\.(ya?ml|star)$/, '');
    return includes.includes(stem) || includes.includes(name);
  };
  for (const name of await filesIn(dir)) {
    if (!included(name)) continue;
    const path = join(dir, name);
    if (name.endsWith('.star')) {
      libraries.push({
        module: libraryModuleName(name),
        path,
        source: await readText(path),
        loads: [],
      });
    } else if (isYamlFile(name)) {
      for (const doc of readYamlDocuments(path, await readText(path), problems)) {
        const crd = readCrd(doc, problems);
        if (crd) crds.push(crd);
      }
    }
  }
  return { crds, libraries };
}

/** `topo.kubenet.dev_topologies.star` → `topo.kubenet.dev.topologies.star`. */
export function libraryModuleName(fileName: string): string {
  return fileName.replaceAll('_', '.');
}

function readCrd(doc: YamlDocument, problems: ProblemList): Crd | undefined {
  const obj = doc.value;
  if (!isObject(obj)) {
    problems.error(doc.at, 'a CRD file must hold objects (YAML maps)');
    return undefined;
  }
  if (obj.kind !== 'CustomResourceDefinition' || obj.apiVersion !== 'apiextensions.k8s.io/v1') {
    problems.warning(
      doc.at,
      `crds/ holds CustomResourceDefinitions (apiextensions.k8s.io/v1); this ${describe(obj)} is ignored`,
      'put objects to create in in/',
    );
    return undefined;
  }
  const spec = isObject(obj.spec) ? obj.spec : {};
  const names = isObject(spec.names) ? spec.names : {};
  let ok = true;
  const need = (value: unknown, path: string[], what: string): string => {
    if (typeof value === 'string' && value !== '') return value;
    problems.error(doc.valueAt(path), `CRD: missing ${path.join('.')} (${what})`);
    ok = false;
    return '';
  };
  const group = need(spec.group, ['spec', 'group'], 'the API group, e.g. example.com');
  const kind = need(names.kind, ['spec', 'names', 'kind'], 'e.g. HelloWorld');
  const plural = need(names.plural, ['spec', 'names', 'plural'], 'e.g. helloworlds');
  let scope: Crd['scope'] = 'Namespaced';
  if (spec.scope === 'Cluster' || spec.scope === 'Namespaced') {
    scope = spec.scope;
  } else {
    problems.error(
      doc.valueAt(['spec', 'scope']),
      `CRD: spec.scope must be Namespaced or Cluster, not ${JSON.stringify(spec.scope ?? null)}`,
    );
    ok = false;
  }
  const versions: Crd['versions'] = [];
  let topLevelFields: Set<string> | undefined = new Set(['apiVersion', 'kind', 'metadata']);
  if (!Array.isArray(spec.versions) || spec.versions.length === 0) {
    problems.error(
      doc.valueAt(['spec', 'versions']),
      'CRD: spec.versions must list at least one version',
    );
    ok = false;
  } else {
    spec.versions.forEach((v: unknown, i: number) => {
      const version = isObject(v) ? v : {};
      const name = need(version.name, ['spec', 'versions', String(i), 'name'], 'e.g. v1alpha1');
      versions.push({ name, served: version.served !== false, storage: version.storage === true });
      const schema = isObject(version.schema) ? version.schema.openAPIV3Schema : undefined;
      const properties =
        isObject(schema) && isObject(schema.properties) ? schema.properties : undefined;
      if (
        !properties ||
        (isObject(schema) && schema['x-kubernetes-preserve-unknown-fields'] === true)
      ) {
        topLevelFields = undefined;
      } else if (topLevelFields) {
        for (const field of Object.keys(properties)) topLevelFields.add(field);
      }
    });
    if (versions.length > 0 && !versions.some((v) => v.storage)) {
      problems.error(
        doc.valueAt(['spec', 'versions']),
        'CRD: exactly one version must have storage: true',
      );
      ok = false;
    }
  }
  if (!ok) return undefined;
  const crd: Crd = { group, kind, plural, scope, versions, object: obj as KubeObject, at: doc.at };
  const fields = topLevelFields as Set<string> | undefined;
  if (fields) crd.topLevelFields = [...fields];
  return crd;
}

export function isObject(
  value: unknown,
): value is Record<string, unknown> & { [k: string]: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(obj: Record<string, unknown>): string {
  const kind = typeof obj.kind === 'string' ? obj.kind : 'object without kind';
  return typeof obj.apiVersion === 'string' ? `${obj.apiVersion} ${kind}` : kind;
}
