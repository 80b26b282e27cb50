import type { Token } from './ast';

/**
 * What error messages call each token, as go.starlark.net's `Token.String` does. Bytes literals
 * have no name there (its table lacks the entry), so messages about them read "got , want …";
 * we keep that.
 */
const tokenNames: Partial<Record<Token, string>> = {
  ILLEGAL: 'illegal token',
  EOF: 'end of file',
  NEWLINE: 'newline',
  INDENT: 'indent',
  OUTDENT: 'outdent',
  IDENT: 'identifier',
  INT: 'int literal',
  FLOAT: 'float literal',
  STRING: 'string literal',
  BYTES: '',
};

/** A token's name in messages (`%s`): punctuation and keywords are spelled as in source. */
export function tokenString(tok: Token): string {
  return tokenNames[tok] ?? tok;
}

/** Keywords: spelled as in source but not quoted in messages. */
const keywordTokens: ReadonlySet<Token> = new Set<Token>([
  'and',
  'break',
  'continue',
  'def',
  'elif',
  'else',
  'for',
  'if',
  'in',
  'lambda',
  'load',
  'not',
  'not in',
  'or',
  'pass',
  'return',
  'while',
]);

/** A token as messages quote it (go's `%#v`): punctuation in single quotes, the rest bare. */
export function tokenGoString(tok: Token): string {
  if (tok in tokenNames || keywordTokens.has(tok)) return tokenString(tok);
  return `'${tok}'`;
}

/**
 * Words the scanner turns into keyword tokens, and words reserved for future use (Python
 * keywords Starlark lacks) which scan as ILLEGAL. `assert` is deliberately not reserved, as in
 * go.starlark.net: test files use it as a name.
 */
export const keywords: ReadonlyMap<string, Token> = new Map<string, Token>([
  ['and', 'and'],
  ['break', 'break'],
  ['continue', 'continue'],
  ['def', 'def'],
  ['elif', 'elif'],
  ['else', 'else'],
  ['for', 'for'],
  ['if', 'if'],
  ['in', 'in'],
  ['lambda', 'lambda'],
  ['load', 'load'],
  ['not', 'not'],
  ['or', 'or'],
  ['pass', 'pass'],
  ['return', 'return'],
  ['while', 'while'],
  ...[
    'as',
    'async',
    'await',
    'class',
    'del',
    'except',
    'finally',
    'from',
    'global',
    'import',
    'is',
    'nonlocal',
    'raise',
    'try',
    'with',
    'yield',
  ].map((word): [string, Token] => [word, 'ILLEGAL']),
]);
