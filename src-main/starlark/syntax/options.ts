/**
 * Dialect options: the per-file switches of go.starlark.net's `syntax.FileOptions`. All are off
 * by default, which is the dialect Choreo runs reconcilers in.
 */
export interface FileOptions {
  /** Allow the `set` builtin. */
  readonly set: boolean;
  /** Allow `while` loops. */
  readonly while: boolean;
  /** Allow a function to call itself, directly or indirectly (checked at run time). */
  readonly recursion: boolean;
  /** Allow assigning a top-level name more than once (and Python's use-before-def semantics). */
  readonly globalReassign: boolean;
  /** Allow `if`, `for` and `while` statements outside functions. */
  readonly topLevelControl: boolean;
  /** Make `load` bind global names rather than file-local ones (deprecated Bazel semantics). */
  readonly loadBindsGlobally: boolean;
}

export const defaultFileOptions: FileOptions = Object.freeze({
  set: false,
  while: false,
  recursion: false,
  globalReassign: false,
  topLevelControl: false,
  loadBindsGlobally: false,
});

/** The names users write (`--option NAME`, `# option:NAME`), as in go.starlark.net's tests. */
const optionNames: Readonly<Record<string, keyof FileOptions>> = {
  set: 'set',
  while: 'while',
  recursion: 'recursion',
  globalreassign: 'globalReassign',
  toplevelcontrol: 'topLevelControl',
  loadbindsglobally: 'loadBindsGlobally',
};

/** Every option name accepted by `optionsFromNames`. */
export const fileOptionNames: readonly string[] = Object.keys(optionNames);

/**
 * Options with the named ones turned on. Throws an Error naming the valid options when a name is
 * unknown, so a mistyped `--option` never passes silently.
 */
export function optionsFromNames(names: readonly string[]): FileOptions {
  const options: Record<keyof FileOptions, boolean> = { ...defaultFileOptions };
  for (const name of names) {
    const key = optionNames[name.toLowerCase()];
    if (key === undefined) {
      throw new Error(`unknown Starlark option "${name}" (options: ${fileOptionNames.join(', ')})`);
    }
    options[key] = true;
  }
  return options;
}

/**
 * Options turned on by `option:NAME` anywhere in a text, the convention of go.starlark.net's
 * chunked test files (a chunk containing "option:while" runs with while loops allowed).
 */
export function optionsInText(text: string): FileOptions {
  const names = fileOptionNames.filter((name) => text.includes('option:' + name));
  return optionsFromNames(names);
}
