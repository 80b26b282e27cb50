/**
 * JSON request bodies as the API server reads them. JSON.parse does the parsing; this scanner
 * adds what a client of kube-apiserver sees besides the value, in Go's words:
 *
 * - the syntax error encoding/json reports for malformed input (`invalid character '}' looking
 *   for beginning of value`, `unexpected end of JSON input`), so a bad body gets the same
 *   message from this server as from the real one;
 * - the fields a document sets twice (`duplicate field "data.a"`), which fieldValidation=Strict
 *   rejects and Warn reports.
 *
 * The scanner follows encoding/json's state machine byte by byte (its messages name the byte,
 * quoted as Go's scanner quotes it) and only runs on a failed parse or when fieldValidation asks
 * for duplicates.
 */

const whitespace = new Set([0x20, 0x09, 0x0a, 0x0d]);

class SyntaxFailure extends Error {}

/** A byte as Go's scanner quotes it in an error: `'x'`, `'\''`, `'"'`, `'\x01'`. */
function quoteByte(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  if (c >= 0x20 && c < 0x7f) return `'${c === 0x5c ? '\\\\' : String.fromCharCode(c)}'`;
  const named: Record<number, string> = {
    0x07: 'a',
    0x08: 'b',
    0x0c: 'f',
    0x0a: 'n',
    0x0d: 'r',
    0x09: 't',
    0x0b: 'v',
  };
  if (named[c]) return `'\\${named[c]}'`;
  if (c < 0x80) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  // A byte of a multi-byte sequence: Go converts the byte to the rune of the same value.
  return `'${String.fromCharCode(c)}'`;
}

/** A field a JSON document sets twice, and the byte offset of the second time. */
export interface DuplicateField {
  path: string;
  at: number;
}

class Scanner {
  private i = 0;
  readonly duplicates: DuplicateField[] = [];

  constructor(
    private readonly bytes: Uint8Array,
    private readonly trackDuplicates: boolean,
  ) {}

  /**
   * At the end of the input Go's scanner feeds itself a space: states that refuse one (inside a
   * literal, a number, an escape) report that space; the others report the end.
   */
  private fail(context: string, refusesSpace = false): never {
    if (this.i >= this.bytes.length) {
      if (refusesSpace) throw new SyntaxFailure(`invalid character ' ' ${context}`);
      throw new SyntaxFailure('unexpected end of JSON input');
    }
    throw new SyntaxFailure(`invalid character ${quoteByte(this.bytes[this.i]!)} ${context}`);
  }

  private skipSpace(): void {
    while (this.i < this.bytes.length && whitespace.has(this.bytes[this.i]!)) this.i++;
  }

  private peek(): number | undefined {
    return this.bytes[this.i];
  }

  document(): void {
    this.value('');
    this.skipSpace();
    if (this.i < this.bytes.length) this.fail('after top-level value');
  }

  private value(path: string): void {
    this.skipSpace();
    const c = this.peek();
    if (c === 0x7b) return this.object(path);
    if (c === 0x5b) return this.array(path);
    if (c === 0x22) return void this.string();
    if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) return this.number();
    if (c === 0x74) return this.literal('true');
    if (c === 0x66) return this.literal('false');
    if (c === 0x6e) return this.literal('null');
    this.fail('looking for beginning of value');
  }

  private object(path: string): void {
    this.i++; // {
    this.skipSpace();
    if (this.peek() === 0x7d) {
      this.i++;
      return;
    }
    const seen = this.trackDuplicates ? new Set<string>() : undefined;
    while (true) {
      this.skipSpace();
      if (this.peek() !== 0x22) this.fail('looking for beginning of object key string');
      const at = this.i;
      const key = this.string();
      const child = path ? `${path}.${key}` : key;
      if (seen) {
        if (seen.has(key)) this.duplicates.push({ path: child, at });
        else seen.add(key);
      }
      this.skipSpace();
      if (this.peek() !== 0x3a) this.fail('after object key');
      this.i++;
      this.value(child);
      this.skipSpace();
      const next = this.peek();
      if (next === 0x2c) {
        this.i++;
        continue;
      }
      if (next === 0x7d) {
        this.i++;
        return;
      }
      this.fail('after object key:value pair');
    }
  }

  private array(path: string): void {
    this.i++; // [
    this.skipSpace();
    if (this.peek() === 0x5d) {
      this.i++;
      return;
    }
    for (let index = 0; ; index++) {
      this.value(`${path}[${index}]`);
      this.skipSpace();
      const next = this.peek();
      if (next === 0x2c) {
        this.i++;
        continue;
      }
      if (next === 0x5d) {
        this.i++;
        return;
      }
      this.fail('after array element');
    }
  }

  /** Scans a string literal and returns its text (keys need it; values are skipped over). */
  private string(): string {
    const start = ++this.i;
    let escaped = false;
    while (true) {
      const c = this.peek();
      if (c === undefined) this.fail('');
      if (c === 0x22) break;
      if (c < 0x20) this.fail('in string literal');
      if (c === 0x5c) {
        escaped = true;
        this.i++;
        const e = this.peek();
        if (e === 0x75) {
          this.i++;
          for (let k = 0; k < 4; k++) {
            const h = this.peek();
            const hex =
              h !== undefined &&
              ((h >= 0x30 && h <= 0x39) || (h >= 0x61 && h <= 0x66) || (h >= 0x41 && h <= 0x46));
            if (!hex) this.fail('in \\u hexadecimal character escape', true);
            this.i++;
          }
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(String.fromCharCode(e))) {
          this.fail('in string escape code', true);
        }
      }
      this.i++;
    }
    const raw = this.bytes.subarray(start, this.i);
    this.i++; // closing quote
    const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
    return escaped ? (JSON.parse(`"${text}"`) as string) : text;
  }

  private digits(): number {
    let n = 0;
    while (true) {
      const c = this.peek();
      if (c === undefined || c < 0x30 || c > 0x39) return n;
      this.i++;
      n++;
    }
  }

  private number(): void {
    if (this.peek() === 0x2d) {
      this.i++;
      const c = this.peek();
      if (c === undefined || c < 0x30 || c > 0x39) this.fail('in numeric literal', true);
    }
    if (this.peek() === 0x30) this.i++;
    else this.digits();
    if (this.peek() === 0x2e) {
      this.i++;
      if (this.digits() === 0) this.fail('after decimal point in numeric literal', true);
    }
    const e = this.peek();
    if (e === 0x65 || e === 0x45) {
      this.i++;
      const sign = this.peek();
      if (sign === 0x2b || sign === 0x2d) this.i++;
      if (this.digits() === 0) this.fail('in exponent of numeric literal', true);
    }
  }

  private literal(word: string): void {
    for (let k = 0; k < word.length; k++) {
      if (this.peek() !== word.charCodeAt(k)) {
        this.fail(`in literal ${word} (expecting ${quoteByte(word.charCodeAt(k))})`, true);
      }
      this.i++;
    }
  }
}

/** encoding/json's error for a body that is not valid JSON (undefined when it is valid). */
export function goJsonSyntaxError(body: Uint8Array): string | undefined {
  try {
    new Scanner(body, false).document();
    return undefined;
  } catch (err) {
    if (err instanceof SyntaxFailure) return err.message;
    throw err;
  }
}

/** The fields a valid JSON document sets more than once, as paths (`data.a`, `items[0].x`). */
export function duplicateFields(body: Uint8Array): DuplicateField[] {
  const scanner = new Scanner(body, true);
  try {
    scanner.document();
  } catch (err) {
    if (err instanceof SyntaxFailure) return [];
    throw err;
  }
  return scanner.duplicates;
}
