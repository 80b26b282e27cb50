import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseDocument, isMap, isSeq, type Document, YAMLMap, YAMLSeq } from 'yaml';
import { writeAtomically } from './certs';

export interface KubeconfigEntry {
  /** The context name; the cluster and user entries get the same name. */
  contextName: string;
  server: string;
  caPem: string;
  token: string;
}

/**
 * Writes or updates one context (with its cluster and user of the same name) in a kubeconfig,
 * leaving every other entry, the comments and `current-context` as they are — except that a
 * kubeconfig without a current context gets this one. The file is replaced atomically, mode 0600.
 */
export function writeKubeconfigContext(path: string, entry: KubeconfigEntry): void {
  const doc = readKubeconfig(path);
  const name = entry.contextName;
  upsertNamed(doc, 'clusters', name, {
    cluster: {
      server: entry.server,
      'certificate-authority-data': Buffer.from(entry.caPem).toString('base64'),
    },
  });
  upsertNamed(doc, 'users', name, { user: { token: entry.token } });
  upsertNamed(doc, 'contexts', name, { context: { cluster: name, user: name } });
  const current = doc.get('current-context');
  if (typeof current !== 'string' || current === '') doc.set('current-context', name);
  mkdirSync(dirname(path), { recursive: true });
  writeAtomically(path, doc.toString(), 0o600);
}

function readKubeconfig(path: string): Document {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const at = first.linePos?.[0];
    const where = at ? `${path}:${at.line}:${at.col}` : path;
    throw new Error(
      `${where}: the kubeconfig is not valid YAML (${first.message.split('\n')[0]}); fix or move it, then start again`,
    );
  }
  if (doc.contents === null || doc.contents === undefined) {
    doc.contents = doc.createNode({ apiVersion: 'v1', kind: 'Config', preferences: {} }) as never;
  }
  if (!isMap(doc.contents)) {
    throw new Error(
      `${path}: the kubeconfig is not a YAML mapping; fix or move it, then start again`,
    );
  }
  return doc;
}

function upsertNamed(doc: Document, listKey: string, name: string, body: object): void {
  let list = doc.get(listKey);
  if (list === null || list === undefined) {
    list = new YAMLSeq();
    doc.set(listKey, list);
  }
  if (!isSeq(list)) throw new Error(`the kubeconfig's "${listKey}" is not a list`);
  const node = doc.createNode({ name, ...body });
  const index = (list as YAMLSeq).items.findIndex(
    (item) => item instanceof YAMLMap && item.get('name') === name,
  );
  if (index >= 0) (list as YAMLSeq).items[index] = node;
  else (list as YAMLSeq).items.push(node);
}
