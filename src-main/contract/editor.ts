/** A place in a source file: 1-based line and column, as the Starlark engine reports them. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

/** A problem the editor underlines: a syntax, resolve or load error, or a lint warning. */
export interface Diagnostic {
  severity: 'error' | 'warning' | 'info';
  message: string;
  range: SourceRange;
  /** "did you mean …?" and similar. */
  hint?: string;
}
