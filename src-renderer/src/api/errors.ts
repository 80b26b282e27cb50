import type { ErrorShape, ErrorTarget } from '../../../src-main/contract';

/**
 * An error from the main process, a real `Error` again: same name and message, plus what it is
 * about (cluster, kind, namespace, name) and what to do.
 */
export class StarlingError extends Error {
  code?: number;
  reason?: string;
  target?: ErrorTarget;
  hint?: string;
  details?: string[];

  constructor(shape: ErrorShape) {
    super(shape.message);
    this.name = shape.name;
    if (shape.code !== undefined) this.code = shape.code;
    if (shape.reason !== undefined) this.reason = shape.reason;
    if (shape.target !== undefined) this.target = shape.target;
    if (shape.hint !== undefined) this.hint = shape.hint;
    if (shape.details !== undefined) this.details = shape.details;
  }
}

/** Whatever was thrown, as a message a person can read (with the hint when there is one). */
export function describeError(err: unknown): {
  message: string;
  hint?: string;
  details?: string[];
} {
  if (err instanceof StarlingError) {
    const out: { message: string; hint?: string; details?: string[] } = { message: err.message };
    if (err.hint) out.hint = err.hint;
    if (err.details) out.details = err.details;
    return out;
  }
  if (err instanceof Error) return { message: err.message };
  if (err && typeof err === 'object' && 'message' in err) {
    const shape = err as ErrorShape;
    return { message: shape.message, ...(shape.hint ? { hint: shape.hint } : {}) };
  }
  return { message: String(err) };
}
