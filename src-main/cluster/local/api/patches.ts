import { badRequest, ApiError } from './status';
import { clone, deepEqual, isPlainObject } from './objects';

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return clone(patch);
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

interface JsonPatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

/** RFC 6902 JSON patch, with the API server's wording for the errors it reports. */
export function jsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) {
    throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  }
  let doc = clone(target);
  for (const raw of patch) {
    if (!isPlainObject(raw) || typeof raw.op !== 'string') {
      throw unprocessable(`Unexpected kind: ${JSON.stringify(raw)}`);
    }
    const op = raw as unknown as JsonPatchOperation;
    if (typeof op.path !== 'string') throw unprocessable(`missing path in ${op.op} operation`);
    switch (op.op) {
      case 'add':
        doc = addAt(doc, op.path, clone(op.value), op);
        break;
      case 'remove':
        doc = removeAt(doc, op.path, op).doc;
        break;
      case 'replace': {
        const removed = removeAt(doc, op.path, op);
        doc = addAt(removed.doc, op.path, clone(op.value), op);
        break;
      }
      case 'move': {
        const removed = removeAt(doc, requireFrom(op), op);
        doc = addAt(removed.doc, op.path, removed.value, op);
        break;
      }
      case 'copy':
        doc = addAt(doc, op.path, clone(valueAt(doc, requireFrom(op), op)), op);
        break;
      case 'test':
        if (!deepEqual(valueAt(doc, op.path, op), op.value)) {
          throw unprocessable(`testing value ${op.path} failed: test failed`);
        }
        break;
      default:
        throw unprocessable(`Unexpected kind: ${op.op}`);
    }
  }
  return doc;
}

function unprocessable(message: string): ApiError {
  return new ApiError(
    422,
    'Invalid',
    `the server rejected our request due to an error in our request`,
    {
      causes: [{ reason: 'FieldValueInvalid', message }],
    },
  );
}

function requireFrom(op: JsonPatchOperation): string {
  if (typeof op.from !== 'string') throw unprocessable(`missing from in ${op.op} operation`);
  return op.from;
}

function tokens(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw unprocessable(`invalid path: ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function missing(op: JsonPatchOperation, path: string): ApiError {
  return unprocessable(
    `${op.op} operation does not apply: doc is missing path: "${path}": missing value`,
  );
}

function valueAt(doc: unknown, path: string, op: JsonPatchOperation): unknown {
  let current = doc;
  for (const t of tokens(path)) {
    if (Array.isArray(current)) {
      const i = Number(t);
      if (!/^\d+$/.test(t) || i >= current.length) throw missing(op, path);
      current = current[i];
    } else if (isPlainObject(current) && t in current) {
      current = current[t];
    } else {
      throw missing(op, path);
    }
  }
  return current;
}

function parentOf(
  doc: unknown,
  path: string,
  op: JsonPatchOperation,
): { parent: unknown; last: string } {
  const ts = tokens(path);
  const last = ts.pop();
  if (last === undefined) return { parent: undefined, last: '' };
  const parentPath =
    ts.length === 0
      ? ''
      : '/' + ts.map((t) => t.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
  return { parent: valueAt(doc, parentPath, op), last };
}

function addAt(doc: unknown, path: string, value: unknown, op: JsonPatchOperation): unknown {
  if (path === '') return value;
  const { parent, last } = parentOf(doc, path, op);
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (!/^(\d+|-)$/.test(last) || i > parent.length) {
      throw unprocessable(
        `${op.op} operation does not apply: doc is missing path: "${path}": missing value`,
      );
    }
    if (op.op === 'replace' || op.op === 'move') parent.splice(i, 0, value);
    else parent.splice(i, 0, value);
  } else if (isPlainObject(parent)) {
    parent[last] = value;
  } else {
    throw missing(op, path);
  }
  return doc;
}

function removeAt(
  doc: unknown,
  path: string,
  op: JsonPatchOperation,
): { doc: unknown; value: unknown } {
  if (path === '') return { doc: undefined, value: doc };
  const { parent, last } = parentOf(doc, path, op);
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!/^\d+$/.test(last) || i >= parent.length) throw missing(op, path);
    const [value] = parent.splice(i, 1);
    return { doc, value };
  }
  if (isPlainObject(parent) && last in parent) {
    const value = parent[last];
    delete parent[last];
    return { doc, value };
  }
  throw missing(op, path);
}
