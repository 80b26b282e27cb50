import { sortedJson } from './encoding';
import { goValue } from './go-format';
import { goQuote, isPlainObject } from './objects';
import type { ResourceType } from './resource-types';
import { invalid, type ApiError } from './status';

/**
 * The 422 the API server answers when the result of a patch does not decode into the kind (a
 * value of the wrong type, or unknown fields under fieldValidation=Strict):
 * ` "" is invalid: patch: Invalid value: "<the patched object>": <the decoder's words>`.
 *
 * The patched object is quoted as the patch library left it. For JSON and merge patches that is
 * evanphx/json-patch's output: the objects it had to open (the root, every object a merge patch
 * merged into, every container on a JSON patch operation's path, and whatever a merge patch
 * inserted) come out with sorted keys, everything else exactly as the server had encoded it. A
 * custom resource is a Go map throughout, so all of it is sorted. For a strategic merge patch the
 * server quotes the patch itself, as Go prints a map (`map[data:map[a:5]]`).
 */

interface Opened {
  /** Keys sorted at this level. */
  sorted: boolean;
  /** Keys sorted at every level below. */
  deep: boolean;
  children: Map<string, Opened>;
}

function opened(): Opened {
  return { sorted: true, deep: false, children: new Map() };
}

function child(node: Opened, key: string): Opened {
  let next = node.children.get(key);
  if (!next) node.children.set(key, (next = opened()));
  return next;
}

function mergePatchOpened(doc: unknown, patch: unknown, node: Opened): void {
  if (!isPlainObject(patch)) return;
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || typeof value !== 'object') continue;
    const target = child(node, key);
    const current = isPlainObject(doc) ? doc[key] : undefined;
    if (!Array.isArray(value) && isPlainObject(current)) mergePatchOpened(current, value, target);
    else target.deep = true;
  }
}

function pointerParts(pointer: unknown): string[] {
  if (typeof pointer !== 'string' || pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function jsonPatchOpened(patch: unknown, root: Opened): void {
  if (!Array.isArray(patch)) return;
  for (const op of patch) {
    if (!isPlainObject(op)) continue;
    for (const pointer of [op.path, op.from]) {
      const parts = pointerParts(pointer);
      let node = root;
      for (const part of parts.slice(0, -1)) node = child(node, part);
      if (op.op === 'test' && pointer === op.path && parts.length > 0) {
        child(node, parts[parts.length - 1]!).deep = true;
      }
    }
  }
}

function render(value: unknown, node: Opened | undefined): string {
  if (node?.deep) return sortedJson(value);
  if (Array.isArray(value)) {
    return `[${value.map((v, i) => render(v, node?.children.get(String(i)))).join(',')}]`;
  }
  if (!isPlainObject(value)) return JSON.stringify(value) ?? 'null';
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  if (node?.sorted) keys.sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${render(value[k], node?.children.get(k))}`).join(',')}}`;
}

/** The patched object as the server quotes it in a patch decoding error. */
export function patchedObjectText(
  type: ResourceType,
  patchType: 'json' | 'merge',
  before: unknown,
  patched: unknown,
  patch: unknown,
): string {
  if (type.definedBy !== undefined) return sortedJson(patched);
  const root = opened();
  if (patchType === 'merge') mergePatchOpened(before, patch, root);
  else jsonPatchOpened(patch, root);
  return render(patched, root);
}

/** The strategic merge patch as the server quotes it (Go's `%+v` of the decoded map). */
export function strategicPatchText(patch: unknown): string {
  return goValue(patch);
}

/** The 422 for a patch whose result does not decode. */
export function patchDecodingError(quoted: string, why: string): ApiError {
  return invalid('', '', '', [
    {
      type: 'FieldValueInvalid',
      field: 'patch',
      detail: `Invalid value: ${goQuote(quoted)}: ${why}`,
    },
  ]);
}
