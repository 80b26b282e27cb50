/**
 * The diffs events and dry runs carry: an object before and after a change as YAML, compared
 * line by line (`+`/`-`/` ` prefixes, unified-diff style with 3 lines of context). Server-set
 * noise (managedFields, resourceVersion, generation, timestamps) is left out.
 */
import YAML from 'yaml';
import { isObject, type JsonObject } from './values';

export function objectYaml(obj: unknown): string {
  if (obj === undefined || obj === null) return '';
  return YAML.stringify(forDiff(obj as JsonObject), { lineWidth: 0, aliasDuplicateObjects: false });
}

function forDiff(obj: JsonObject): JsonObject {
  const copy = { ...obj };
  if (isObject(copy.metadata)) {
    const meta = { ...copy.metadata };
    for (const k of ['managedFields', 'resourceVersion', 'generation', 'creationTimestamp', 'uid'])
      delete meta[k];
    copy.metadata = meta;
  }
  return copy;
}

/** A unified-style line diff of two objects ('' when they are equal). */
export function diffObjects(before: unknown, after: unknown): string {
  return diffLines(objectYaml(before), objectYaml(after));
}

export function diffLines(a: string, b: string, context = 3): string {
  if (a === b) return '';
  const x = a === '' ? [] : a.replace(/\n$/, '').split('\n');
  const y = b === '' ? [] : b.replace(/\n$/, '').split('\n');
  // Trim the common head and tail, then LCS on what is left (objects are small).
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head++;
  let tail = 0;
  while (
    tail < x.length - head &&
    tail < y.length - head &&
    x[x.length - 1 - tail] === y[y.length - 1 - tail]
  )
    tail++;
  const xs = x.slice(head, x.length - tail);
  const ys = y.slice(head, y.length - tail);
  const n = xs.length;
  const m = ys.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] =
        xs[i] === ys[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: string[] = x.slice(0, head).map((l) => `  ${l}`);
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && xs[i] === ys[j]) {
      ops.push(`  ${xs[i]}`);
      i++;
      j++;
    } else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) ops.push(`+ ${ys[j++]}`);
    else ops.push(`- ${xs[i++]}`);
  }
  for (const l of x.slice(x.length - tail)) ops.push(`  ${l}`);
  // Keep changed lines and `context` lines around them.
  const keep = new Array<boolean>(ops.length).fill(false);
  ops.forEach((op, k) => {
    if (op[0] === ' ') return;
    for (let d = Math.max(0, k - context); d <= Math.min(ops.length - 1, k + context); d++)
      keep[d] = true;
  });
  const out: string[] = [];
  let skipped = false;
  ops.forEach((op, k) => {
    if (keep[k]) {
      out.push(op);
      skipped = false;
    } else if (!skipped) {
      out.push('  …');
      skipped = true;
    }
  });
  return out.join('\n');
}
