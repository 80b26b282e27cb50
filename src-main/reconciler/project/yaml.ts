import {
  LineCounter,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node,
  type Pair,
} from 'yaml';
import type { ProblemList } from './problems';
import type { Position } from './types';

/**
 * YAML with positions. Documents are read as Kubernetes tools read them (sigs.k8s.io/yaml over
 * go-yaml v2, i.e. YAML 1.1: `yes`, `on` and `y` are booleans), and every part of a document can
 * be located afterwards, so a problem found in the parsed object still points at its line and
 * column.
 */
export class YamlDocument {
  constructor(
    readonly file: string,
    /** The document's value as JSON (`null` for an empty document). */
    readonly value: unknown,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /** Where the document's content starts. */
  get at(): Position {
    return this.position(this.doc.contents?.range[0] ?? this.doc.range[0]);
  }

  /**
   * Where the value at `path` starts; when the path does not exist, where its deepest existing
   * ancestor starts (so "missing spec.group" points at `spec:`).
   */
  valueAt(path: readonly (string | number)[]): Position {
    const found = this.find(path);
    return this.position(found.node?.range?.[0] ?? found.keyOffset ?? 0);
  }

  /** Where the key of the map entry at `path` starts (the value's position for list items). */
  keyAt(path: readonly (string | number)[]): Position {
    const found = this.find(path);
    return this.position(found.keyOffset ?? found.node?.range?.[0] ?? 0);
  }

  /** Whether the scalar at `path` is written in quotes. */
  isQuoted(path: readonly (string | number)[]): boolean {
    const { node } = this.find(path);
    return isQuotedScalar(node);
  }

  /** For a map at `path`: each key as written, with its key and value positions. */
  entriesAt(
    path: readonly (string | number)[],
  ): { key: string; keyAt: Position; valueAt: Position; quoted: boolean; valueQuoted: boolean }[] {
    const { node } = this.find(path);
    if (!isMap(node)) return [];
    return node.items.map((pair) => {
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      const keyOffset = key?.range?.[0] ?? 0;
      return {
        key: isScalar(key) ? String(key.value) : String(key),
        keyAt: this.position(keyOffset),
        valueAt: this.position(value?.range?.[0] ?? keyOffset),
        quoted: isQuotedScalar(key),
        valueQuoted: isQuotedScalar(value),
      };
    });
  }

  private find(path: readonly (string | number)[]): { node?: Node; keyOffset?: number } {
    let node = (this.doc.contents ?? undefined) as Node | undefined;
    let keyOffset: number | undefined;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = findPair(node.items as Pair<Node, Node>[], String(segment));
        if (!pair) return { node, keyOffset };
        keyOffset = (pair.key as Node | null)?.range?.[0];
        node = (pair.value ?? undefined) as Node | undefined;
        if (!node) return { keyOffset };
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (!item) return { node, keyOffset };
        node = item;
        keyOffset = item.range?.[0];
      } else {
        return { node, keyOffset };
      }
    }
    return { node, keyOffset };
  }

  private position(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, col };
  }
}

function isQuotedScalar(node: Node | null | undefined): boolean {
  return isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
}

function findPair(items: Pair<Node, Node>[], key: string): Pair<Node, Node> | undefined {
  // The last of duplicate keys wins, as in go-yaml v2 (and in the parsed value).
  for (let i = items.length - 1; i >= 0; i--) {
    const k = items[i]!.key as Node | null;
    if (isScalar(k) && String(k.value) === key) return items[i];
  }
  return undefined;
}

/**
 * Parses every document of a YAML file. Syntax errors are problems at their line and column; a
 * document with an error is left out, the others are kept. Duplicate keys are warnings (the last
 * one wins, as in Choreo). Empty documents (only comments, or `---` twice) are left out.
 */
export function readYamlDocuments(
  file: string,
  text: string,
  problems: ProblemList,
): YamlDocument[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter: lines,
    version: '1.1',
    uniqueKeys: false,
    prettyErrors: false,
  });
  const at = (offset: number): Position => ({ file, ...lines.linePos(offset) });
  const result: YamlDocument[] = [];
  if (docs.length === 0 && 'errors' in docs) {
    // A stream with no document can still hold errors (a stray directive).
    for (const e of docs.errors)
      problems.error(at(e.pos[0]), `invalid YAML: ${firstLine(e.message)}`);
  }
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        problems.error(
          at(e.pos[0]),
          `invalid YAML: ${firstLine(e.message)}`,
          'fix the YAML syntax; the rest of this document is ignored until then',
        );
      }
      continue;
    }
    for (const w of doc.warnings) problems.warning(at(w.pos[0]), `YAML: ${firstLine(w.message)}`);
    reportDuplicateKeys(doc.contents as Node | null, at, problems);
    if (doc.contents === null) continue;
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) continue;
    result.push(new YamlDocument(file, value, doc, lines));
  }
  return result;
}

function reportDuplicateKeys(
  node: Node | null | undefined,
  at: (offset: number) => Position,
  problems: ProblemList,
): void {
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items as Pair<Node, Node>[]) {
      const key = pair.key as Node | null;
      if (isScalar(key)) {
        const name = String(key.value);
        if (seen.has(name)) {
          problems.warning(
            at(key.range?.[0] ?? 0),
            `duplicate key "${name}": the last one wins`,
            'remove one of them',
          );
        }
        seen.add(name);
      }
      reportDuplicateKeys(pair.value as Node | null, at, problems);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) reportDuplicateKeys(item as Node | null, at, problems);
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
