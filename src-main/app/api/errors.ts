import type { ErrorShape, ErrorTarget } from '../../contract';

/**
 * Turns anything thrown into the `ErrorShape` that crosses to the renderer. Known fields (code,
 * reason, target, hint, details) are copied when they have the right type; nothing else of the
 * error object crosses, so a library error holding a request with its credentials never leaks.
 */
export function toErrorShape(thrown: unknown): ErrorShape {
  if (!(thrown instanceof Error)) {
    return { name: 'Error', message: typeof thrown === 'string' ? thrown : String(thrown) };
  }
  const e = thrown as Error & Record<string, unknown>;
  const shape: ErrorShape = { name: e.name || 'Error', message: e.message };
  if (typeof e['code'] === 'number') shape.code = e['code'];
  if (typeof e['reason'] === 'string') shape.reason = e['reason'];
  if (typeof e['hint'] === 'string') shape.hint = e['hint'];
  if (isTarget(e['target'])) shape.target = { ...e['target'] };
  if (Array.isArray(e['details']) && e['details'].every((d) => typeof d === 'string')) {
    shape.details = [...(e['details'] as string[])];
  }
  return shape;
}

function isTarget(value: unknown): value is ErrorTarget {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  return (
    typeof t['cluster'] === 'string' &&
    ['kind', 'namespace', 'name'].every((k) => t[k] === undefined || typeof t[k] === 'string')
  );
}
