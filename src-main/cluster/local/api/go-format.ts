/**
 * JSON values printed as Go prints the decoded value (`%v` and `%T` of an
 * `interface{}` from encoding/json with integers kept as int64), for the API server messages that
 * show values that way: `map[data:map[a:5]]`, `1 is of the type int64, expected string`.
 */

function goFloat(n: number): string {
  if (n !== 0 && Math.abs(n) < 1e-4) {
    const [mantissa, exponent] = n.toExponential().split('e') as [string, string];
    const sign = exponent.startsWith('-') ? '-' : '+';
    const digits = exponent.replace(/^[-+]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(n);
}

/** `%v` of a decoded JSON value. */
export function goValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : goFloat(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`;
  const entries = Object.keys(value as object)
    .sort()
    .map((k) => `${k}:${goValue((value as Record<string, unknown>)[k])}`);
  return `map[${entries.join(' ')}]`;
}

/** `%T` of a decoded JSON value. */
export function goType(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return '[]interface {}';
  return 'map[string]interface {}';
}
