/**
 * The Starlark scanner: source text in, one token at a time out.
 *
 * It reproduces go.starlark.net's scanner token for token, position for position and message for
 * message: indentation becomes INDENT/OUTDENT (a tab advances to the next multiple of 8),
 * newlines inside brackets and after a backslash are skipped, blank and comment-only lines make no
 * tokens, and end of file acts as a newline. Positions are 1-based lines and columns counting code
 * points. Line endings are normalized first (\r\n and \r become \n), which is what Go's scanner
 * does character by character.
 *
 * For speed the scanner allocates nothing per token: the parser reads the current token from its
 * fields (`tok`, `raw`, `value` and the start/end coordinates) and builds Position objects only
 * for the nodes it keeps. Every loop is a plain forward scan, so scanning is linear.
 */

import type { Comment, Position, Token } from './ast';
import { StarlarkSyntaxError } from './errors';
import { decodeEscapes, goQuoteRune } from './quote';
import { keywords } from './tokens';
import { isUnicodeLetter } from './unicode-property';
import { textToBytes } from './utf8';

const NUL = 0;
const TAB = 9;
const LF = 10;
const SPACE = 32;
const QUOTE2 = 34; // "
const HASH = 35; // #
const QUOTE1 = 39; // '
const DOT = 46;
const BACKSLASH = 92;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isOctalDigit(c: number): boolean {
  return c >= 48 && c <= 55;
}
function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function isBinaryDigit(c: number): boolean {
  return c === 48 || c === 49;
}
function isAsciiIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isAsciiIdent(c: number): boolean {
  return isAsciiIdentStart(c) || isDigit(c);
}

const maxInt64 = (1n << 63n) - 1n;

/** A bigint in the engine's canonical int form: a JS number when it is a safe integer. */
function canonicalInt(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

export class Scanner {
  private readonly src: string;
  private readonly n: number;

  /** The position of the next unread character (go's `sc.pos`). */
  i = 0;
  line = 1;
  col = 1;

  /** Nesting of ( [ { — newlines inside brackets are not tokens. */
  private depth = 0;
  private readonly indents: number[] = [0];
  /** Pending INDENT (> 0) or OUTDENT (< 0) tokens. */
  private dents = 0;
  /** After a newline: the next call measures indentation. */
  private lineStart = true;

  /** Comments seen so far, in order, when asked to keep them. */
  readonly comments: Comment[] = [];

  // The current token.
  tok: Token = 'EOF';
  /** Where it starts. */
  tokLine = 1;
  tokCol = 1;
  private tokStart = 0;
  /** Just past its last character. */
  endLine = 1;
  endCol = 1;
  /** IDENT: the name (a byte string); literals: the text as written. */
  raw = '';
  /** A literal's value: byte string for STRING/BYTES, number or bigint for INT, number for FLOAT. */
  value: string | number | bigint = '';

  constructor(
    readonly file: string,
    source: string,
    private readonly keepComments = false,
  ) {
    this.src = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
    this.n = this.src.length;
  }

  /** A Position object for a line and column of this file. */
  pos(line: number, col: number): Position {
    return { file: this.file, line, col };
  }

  /** Throws the one error type of the front end. */
  error(line: number, col: number, msg: string): never {
    throw new StarlarkSyntaxError(this.pos(line, col), msg);
  }

  /** The character code at the read position; 0 at end of input (as for a NUL in the input, like Go). */
  private peek(): number {
    return this.i < this.n ? this.src.charCodeAt(this.i) : NUL;
  }

  /** Consumes one code point, keeping line and column. */
  private advance(): void {
    const c = this.src.charCodeAt(this.i++);
    if (c === LF) {
      this.line++;
      this.col = 1;
      return;
    }
    if (c >= 0xd800 && c <= 0xdbff && this.i < this.n) {
      const d = this.src.charCodeAt(this.i);
      if (d >= 0xdc00 && d <= 0xdfff) this.i++;
    }
    this.col++;
  }

  private startToken(): void {
    this.tokLine = this.line;
    this.tokCol = this.col;
    this.tokStart = this.i;
  }

  private endToken(tok: Token): void {
    this.tok = tok;
    this.endLine = this.line;
    this.endCol = this.col;
  }

  /** Scans the next token into the fields above. */
  next(): void {
    for (;;) {
      const savedLineStart = this.lineStart;
      let blank = false;
      if (this.lineStart) {
        this.lineStart = false;
        blank = this.measureIndentation();
      }

      if (this.dents !== 0) {
        this.startToken();
        if (this.dents < 0) {
          this.dents++;
          this.endToken('OUTDENT');
        } else {
          this.dents--;
          this.endToken('INDENT');
        }
        return;
      }

      let c = this.peek();
      while (c === SPACE || c === TAB) {
        this.i++;
        this.col++;
        c = this.peek();
      }

      if (c === HASH) {
        const start = this.i;
        const line = this.line;
        const col = this.col;
        while (c !== NUL && c !== LF) {
          this.advance();
          c = this.peek();
        }
        if (this.keepComments) {
          this.comments.push({ start: this.pos(line, col), text: this.src.slice(start, this.i) });
        }
      }

      if (c === LF) {
        this.lineStart = true;
        // Newlines inside brackets and blank lines make no token.
        if (this.depth > 0 || blank) {
          this.advance();
          continue;
        }
        this.startToken();
        this.advance();
        this.raw = '\n';
        this.endToken('NEWLINE');
        return;
      }

      if (c === NUL) {
        // End of file: a NEWLINE if the last line lacked one, then the pending OUTDENTs.
        if (this.indents.length > 1) {
          if (savedLineStart) {
            this.dents = 1 - this.indents.length;
            this.indents.length = 1;
            continue;
          }
          this.lineStart = true;
          this.startToken();
          this.raw = '\n';
          this.endToken('NEWLINE');
          return;
        }
        this.startToken();
        this.endToken('EOF');
        return;
      }

      if (c === BACKSLASH) {
        this.advance();
        if (this.peek() !== LF) this.error(this.line, this.col, 'stray backslash in program');
        this.advance();
        continue;
      }

      this.startToken();
      this.scanToken(c);
      return;
    }
  }

  /**
   * At the start of a line: skips the indentation and, for a non-blank line outside brackets,
   * queues INDENT/OUTDENT tokens. Returns whether the line is blank (empty, comment or EOF).
   */
  private measureIndentation(): boolean {
    let width = 0;
    let c: number;
    for (;;) {
      c = this.peek();
      if (c === SPACE) width++;
      else if (c === TAB) width += 8 - ((this.col - 1) % 8);
      else break;
      this.i++;
      this.col++;
    }
    const blank = c === HASH || c === LF || c === NUL;
    if (!blank && this.depth === 0) {
      const indents = this.indents;
      const current = indents[indents.length - 1]!;
      if (width > current) {
        this.dents++;
        indents.push(width);
      } else if (width < current) {
        while (indents.length > 0 && width < indents[indents.length - 1]!) {
          this.dents--;
          indents.pop();
        }
        if (width !== indents[indents.length - 1]) {
          this.error(this.line, this.col, 'unindent does not match any outer indentation level');
        }
      }
    }
    return blank;
  }

  private scanToken(c: number): void {
    if (c === 44) {
      this.i++;
      this.col++;
      return this.endToken(',');
    }
    if (c === QUOTE2 || c === QUOTE1) return this.scanString();
    if (isAsciiIdentStart(c) || (c >= 0x80 && this.isLetterAt(this.i))) {
      const c1 = this.src.charCodeAt(this.i + 1);
      if ((c === 114 || c === 98) && (c1 === QUOTE2 || c1 === QUOTE1)) {
        // r"…" or b"…"
        this.i++;
        this.col++;
        return this.scanString();
      }
      if (c === 114 && c1 === 98) {
        const c2 = this.src.charCodeAt(this.i + 2);
        if (c2 === QUOTE2 || c2 === QUOTE1) {
          // rb"…"
          this.i += 2;
          this.col += 2;
          return this.scanString();
        }
      }
      return this.scanIdent();
    }
    switch (c) {
      case 40: // (
      case 91: // [
      case 123: // {
        this.depth++;
        this.i++;
        this.col++;
        return this.endToken(c === 40 ? '(' : c === 91 ? '[' : '{');
      case 41: // )
      case 93: // ]
      case 125: // }
        if (this.depth === 0) this.error(this.line, this.col, `unexpected ${goQuoteRune(c)}`);
        this.depth--;
        this.i++;
        this.col++;
        return this.endToken(c === 41 ? ')' : c === 93 ? ']' : '}');
    }
    if (isDigit(c) || c === DOT) return this.scanNumber(c);
    this.scanOperator(c);
  }

  private isLetterAt(i: number): boolean {
    const cp = this.src.codePointAt(i)!;
    return isUnicodeLetter(cp);
  }

  private scanIdent(): void {
    const src = this.src;
    let i = this.i;
    let col = this.col;
    let ascii = true;
    for (;;) {
      const c = i < this.n ? src.charCodeAt(i) : NUL;
      if (isAsciiIdent(c)) {
        i++;
      } else if (c >= 0x80 && this.isLetterAt(i)) {
        i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
        ascii = false;
      } else {
        break;
      }
      col++;
    }
    const word = src.slice(this.i, i);
    this.i = i;
    this.col = col;
    const keyword = keywords.get(word);
    this.raw = ascii ? word : textToBytes(word);
    this.endToken(keyword ?? 'IDENT');
  }

  /** A string or bytes literal; the read position is at its (first) opening quote. */
  private scanString(): void {
    const src = this.src;
    const quoteLine = this.line;
    const quoteCol = this.col;
    const q = src.charCodeAt(this.i);
    const prefix = src.slice(this.tokStart, this.i);
    const triple = src.charCodeAt(this.i + 1) === q && src.charCodeAt(this.i + 2) === q;
    const quotes = triple ? 3 : 1;
    this.i += quotes;
    this.col += quotes;
    const bodyStart = this.i;
    let escaped = false;
    let run = 0; // consecutive closing quotes seen (triple-quoted strings)
    for (;;) {
      if (this.i >= this.n) this.error(this.tokLine, this.tokCol, 'unexpected EOF in string');
      const c = src.charCodeAt(this.i);
      this.advance();
      if (c === q) {
        if (!triple || ++run === 3) break;
        continue;
      }
      run = 0;
      if (c === LF && !triple) {
        this.error(this.tokLine, this.tokCol, 'unexpected newline in string');
      }
      if (c === BACKSLASH) {
        if (this.i >= this.n) this.error(this.tokLine, this.tokCol, 'unexpected EOF in string');
        this.advance();
        escaped = true;
      }
    }
    const body = src.slice(bodyStart, this.i - quotes);
    const isRaw = prefix.includes('r');
    const isBytes = prefix.includes('b');
    this.raw = src.slice(this.tokStart, this.i);
    this.value =
      isRaw || !escaped
        ? textToBytes(body)
        : decodeEscapes(body, isBytes, (msg) => this.error(quoteLine, quoteCol, msg));
    this.endToken(isBytes ? 'BYTES' : 'STRING');
  }

  /** Consumes one ASCII character and peeks at the next. */
  private bump(): number {
    this.i++;
    this.col++;
    return this.peek();
  }

  private skipDigits(isKind: (c: number) => boolean): number {
    let c = this.peek();
    while (isKind(c)) {
      this.i++;
      this.col++;
      c = this.peek();
    }
    return c;
  }

  /** An int or float literal, or a lone '.'; `c` is its first character. */
  private scanNumber(c: number): void {
    const startLine = this.line;
    const startCol = this.col;
    let fraction = false;
    let exponent = false;

    if (c === DOT) {
      c = this.bump();
      if (!isDigit(c)) return this.endToken('.');
      fraction = true;
    } else if (c === 48) {
      c = this.bump();
      if (c === DOT) {
        fraction = true;
      } else if (c === 120 || c === 88) {
        // 0x…
        c = this.bump();
        if (!isHexDigit(c)) this.error(startLine, startCol, 'invalid hex literal');
        this.skipDigits(isHexDigit);
      } else if (c === 111 || c === 79) {
        // 0o…
        c = this.bump();
        if (!isOctalDigit(c)) this.error(this.line, this.col, 'invalid octal literal');
        this.skipDigits(isOctalDigit);
      } else if (c === 98 || c === 66) {
        // 0b…
        c = this.bump();
        if (!isBinaryDigit(c)) this.error(this.line, this.col, 'invalid binary literal');
        this.skipDigits(isBinaryDigit);
      } else {
        // A float, zeros, or the obsolete octal form 0755.
        let allZeros = true;
        let octal = true;
        while (isDigit(c)) {
          if (c !== 48) allZeros = false;
          if (c > 55) octal = false;
          c = this.bump();
        }
        if (c === DOT) fraction = true;
        else if (c === 101 || c === 69) exponent = true;
        else if (octal && !allZeros) {
          const digits = this.src.slice(this.tokStart + 1, this.i);
          this.error(this.line, this.col, `obsolete form of octal literal; use 0o${digits}`);
        }
      }
    } else {
      c = this.skipDigits(isDigit);
      if (c === DOT) fraction = true;
      else if (c === 101 || c === 69) exponent = true;
    }

    if (fraction) {
      c = this.bump(); // the '.'
      c = this.skipDigits(isDigit);
      if (c === 101 || c === 69) exponent = true;
    }
    if (exponent) {
      c = this.bump(); // the 'e'
      if (c === 43 || c === 45) {
        c = this.bump();
        if (!isDigit(c)) this.error(this.line, this.col, 'invalid float literal');
      }
      this.skipDigits(isDigit);
    }

    const raw = this.src.slice(this.tokStart, this.i);
    this.raw = raw;
    if (fraction || exponent) {
      const v = Number(raw);
      // Go's ParseFloat rejects what overflows to infinity.
      if (!Number.isFinite(v)) this.error(this.line, this.col, 'invalid float literal');
      this.value = v;
      return this.endToken('FLOAT');
    }
    const v = this.intValue(raw);
    if (v === undefined) this.error(startLine, startCol, 'invalid int literal');
    this.value = v;
    this.endToken('INT');
  }

  /** The value of an int literal as go.starlark.net reads it, or undefined when it rejects it. */
  private intValue(raw: string): number | bigint | undefined {
    const base = raw.length > 2 && raw[0] === '0' ? raw[1]!.toLowerCase() : '';
    if (base === 'o' || base === 'b') {
      // Go reads these as int64 only: a bigger octal or binary literal is invalid.
      const v = BigInt(raw);
      return v > maxInt64 ? undefined : canonicalInt(v);
    }
    if (base === 'x') return canonicalInt(BigInt(raw));
    if (raw[0] === '0' && raw.length > 1) {
      // Leading zeros: only zeros are valid (0755 was rejected above; 089 is invalid).
      return /^0+$/.test(raw) ? 0 : undefined;
    }
    return raw.length <= 15 ? Number(raw) : canonicalInt(BigInt(raw));
  }

  /** Ends a token `extra` characters further on. */
  private take(extra: number, tok: Token): void {
    this.i += extra;
    this.col += extra;
    this.endToken(tok);
  }

  /** Punctuation; `c` is its first character. */
  private scanOperator(c: number): void {
    const d = this.bump();
    const e = this.i + 1 < this.n ? this.src.charCodeAt(this.i + 1) : NUL;
    const EQ = 61;
    switch (c) {
      case 61: // =
        return d === EQ ? this.take(1, '==') : this.take(0, '=');
      case 60: // <
        if (d === EQ) return this.take(1, '<=');
        if (d === 60) return e === EQ ? this.take(2, '<<=') : this.take(1, '<<');
        return this.take(0, '<');
      case 62: // >
        if (d === EQ) return this.take(1, '>=');
        if (d === 62) return e === EQ ? this.take(2, '>>=') : this.take(1, '>>');
        return this.take(0, '>');
      case 33: // !
        if (d === EQ) return this.take(1, '!=');
        return this.error(this.tokLine, this.tokCol, "unexpected input character '!'");
      case 43: // +
        return d === EQ ? this.take(1, '+=') : this.take(0, '+');
      case 45: // -
        return d === EQ ? this.take(1, '-=') : this.take(0, '-');
      case 37: // %
        return d === EQ ? this.take(1, '%=') : this.take(0, '%');
      case 38: // &
        return d === EQ ? this.take(1, '&=') : this.take(0, '&');
      case 124: // |
        return d === EQ ? this.take(1, '|=') : this.take(0, '|');
      case 94: // ^
        return d === EQ ? this.take(1, '^=') : this.take(0, '^');
      case 47: // /
        if (d === EQ) return this.take(1, '/=');
        if (d === 47) return e === EQ ? this.take(2, '//=') : this.take(1, '//');
        return this.take(0, '/');
      case 42: // *
        if (d === 42) return this.take(1, '**');
        if (d === EQ) return this.take(1, '*=');
        return this.take(0, '*');
      case 58: // :
        return this.take(0, ':');
      case 59: // ;
        return this.take(0, ';');
      case 126: // ~
        return this.take(0, '~');
    }
    // Not a token: the error points at the character itself.
    this.i = this.tokStart;
    this.col = this.tokCol;
    const cp = this.src.codePointAt(this.i)!;
    this.error(this.line, this.col, `unexpected input character ${goQuoteRune(cp)}`);
  }
}
