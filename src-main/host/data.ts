/**
 * What may cross from the host's builtins to Starlark: data only. Structured cloning would carry
 * a class instance's fields (losing its class) and fail on a function with a message quoting its
 * source; checking first gives one clear error that says what was wrong and where, and nothing of
 * the host's objects.
 */

/** Describes the first part of `value` that is not data ("a function at [2].spec"), if any. */
export function notData(value: unknown): string | undefined {
  return new DataCheck().check(value, '');
}

class DataCheck {
  private readonly open = new Set<object>();

  check(x: unknown, at: string): string | undefined {
    switch (typeof x) {
      case 'undefined':
      case 'boolean':
      case 'number':
      case 'bigint':
      case 'string':
        return undefined;
      case 'object':
        if (x === null) return undefined;
        break;
      default:
        return `a ${typeof x}${where(at)}`;
    }
    if (this.open.has(x)) return `a value that contains itself${where(at)}`;
    this.open.add(x);
    try {
      return this.container(x, at);
    } finally {
      this.open.delete(x);
    }
  }

  private container(x: object, at: string): string | undefined {
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) {
        const bad = this.check(x[i], `${at}[${i}]`);
        if (bad !== undefined) return bad;
      }
      return undefined;
    }
    if (x instanceof Uint8Array) return undefined;
    if (x instanceof Map) {
      for (const [k, v] of x) {
        const bad = this.check(k, `${at} key`) ?? this.check(v, `${at}[…]`);
        if (bad !== undefined) return bad;
      }
      return undefined;
    }
    const proto: unknown = Object.getPrototypeOf(x);
    if (proto !== Object.prototype && proto !== null) return `an object of a class${where(at)}`;
    for (const key of Object.keys(x)) {
      const bad = this.check((x as Record<string, unknown>)[key], `${at}.${key}`);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
}

function where(at: string): string {
  return at === '' ? '' : ` at ${at.replace(/^\./, '')}`;
}
