import { badRequest } from './status';

/**
 * Label and field selectors, parsed as the API server parses `labelSelector` and `fieldSelector`:
 * `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a` (labels); `f=v`, `f==v`, `f!=v`
 * (fields). A selector is a conjunction of requirements.
 */

export type LabelRequirement =
  { key: string; op: 'in' | 'notin'; values: string[] } | { key: string; op: 'exists' | '!' };

export type Labels = Record<string, string> | undefined;

export function parseLabelSelector(text: string): LabelRequirement[] {
  const requirements: LabelRequirement[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    const req = /^(!?)\s*([A-Za-z0-9_./-]+)/.exec(rest);
    if (!req) throw selectorError(text, rest);
    const [, bang, key = ''] = req;
    rest = rest.slice(req[0].length).trimStart();
    const setOp = /^(in|notin)\s*\(/.exec(rest);
    const eqOp = /^(==|=|!=)/.exec(rest);
    if (bang) {
      requirements.push({ key, op: '!' });
    } else if (setOp) {
      const set = /^\(([^)]*)\)/.exec(rest.slice(setOp[1]!.length).trimStart());
      if (!set) throw selectorError(text, rest);
      rest = rest.slice(setOp[1]!.length).trimStart().slice(set[0].length).trimStart();
      const values = set[1]!.split(',').map((v) => v.trim());
      requirements.push({ key, op: setOp[1] as 'in' | 'notin', values });
    } else if (eqOp) {
      rest = rest.slice(eqOp[0].length).trimStart();
      const value = /^[A-Za-z0-9_.-]*/.exec(rest)![0];
      rest = rest.slice(value.length).trimStart();
      requirements.push({ key, op: eqOp[0] === '!=' ? 'notin' : 'in', values: [value] });
    } else {
      requirements.push({ key, op: 'exists' });
    }
    if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
    else if (rest.length > 0) throw selectorError(text, rest);
  }
  return requirements;
}

function selectorError(text: string, at: string): Error {
  return badRequest(
    `unable to parse requirement: found '${at.slice(0, 1) || 'end of string'}', expected: ',', '=', '==', '!=', 'in', notin' (in selector "${text}")`,
  );
}

export function matchesLabels(requirements: readonly LabelRequirement[], labels: Labels): boolean {
  for (const r of requirements) {
    const value = labels?.[r.key];
    switch (r.op) {
      case 'exists':
        if (value === undefined) return false;
        break;
      case '!':
        if (value !== undefined) return false;
        break;
      case 'in':
        if (value === undefined || !r.values.includes(value)) return false;
        break;
      case 'notin':
        if (value !== undefined && r.values.includes(value)) return false;
        break;
    }
  }
  return true;
}

export interface FieldRequirement {
  field: string;
  value: string;
  negate: boolean;
}

export function parseFieldSelector(text: string): FieldRequirement[] {
  const requirements: FieldRequirement[] = [];
  for (const part of text.split(',')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(trimmed);
    if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${trimmed}'`);
    requirements.push({ field: m[1]!, value: m[3]!, negate: m[2] === '!=' });
  }
  return requirements;
}

/** Reads the value a field selector compares, by dotted path (`metadata.name`, `spec.type`). */
export function fieldValue(object: unknown, path: string): string {
  let current: unknown = object;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null) return '';
    current = (current as Record<string, unknown>)[segment];
  }
  if (current === undefined || current === null) return '';
  return typeof current === 'string' ? current : String(current);
}

export function matchesFields(requirements: readonly FieldRequirement[], object: unknown): boolean {
  return requirements.every((r) => (fieldValue(object, r.field) === r.value) !== r.negate);
}
