import { describe, expect, it } from 'vitest';
import { checkFile, checkTree } from './import-rules';

describe('one-way imports between the parts', () => {
  it('holds for every file in the tree', () => {
    const violations = checkTree().map((v) => `${v.file}: "${v.specifier}": ${v.message}`);
    expect(violations).toEqual([]);
  });

  it('catches the cluster importing the Starlark engine', () => {
    const v = checkFile('src-main/cluster/contexts.ts', "import { exec } from '../starlark/exec';");
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toBe('cluster must not import starlark (allowed: contract, util)');
  });

  it('catches the renderer importing the main process', () => {
    const v = checkFile(
      'src-renderer/src/App.svelte',
      '<script lang="ts">import { load } from \'../../src-main/cluster/kubeconfig\';</script>',
    );
    expect(v.map((x) => x.message)).toEqual([
      'renderer must not import cluster (allowed: contract)',
    ]);
  });

  it('catches the engine reaching for Node, a package or a later part', () => {
    const source = [
      "import { readFileSync } from 'node:fs';",
      "import YAML from 'yaml';",
      "export { Host } from '../../host/host';",
      "const later = () => import('../../reconciler/run');",
    ].join('\n');
    const messages = checkFile('src-main/starlark/runtime/thread.ts', source).map((x) => x.message);
    expect(messages).toEqual([
      'starlark must run outside Node: it cannot import the Node built-in "node:fs"',
      'starlark is self-contained: it cannot import the package "yaml"',
      'starlark must not import host (allowed: util)',
      'starlark must not import reconciler (allowed: util)',
    ]);
  });

  it('keeps util free of every other part, Node and packages, and lets the engine use it', () => {
    const source = [
      "import { isObject } from '../cluster/local/merge/json';",
      "import type { Reply } from '../contract';",
      "import { Buffer } from 'node:buffer';",
      "import YAML from 'yaml';",
    ].join('\n');
    expect(checkFile('src-main/util/go-sort.ts', source).map((v) => v.message)).toEqual([
      'util must not import cluster (allowed: nothing)',
      'util must not import contract (allowed: nothing)',
      'util must run outside Node: it cannot import the Node built-in "node:buffer"',
      'util is self-contained: it cannot import the package "yaml"',
    ]);
    const sort = "import { goStableSort } from '../../util/go-sort';";
    expect(checkFile('src-main/starlark/runtime/builtins.ts', sort)).toEqual([]);
    expect(checkFile('src-main/cluster/local/patch.ts', sort)).toEqual([]);
    const fromRenderer = "import { goStableSort } from '../../src-main/util/go-sort';";
    expect(
      checkFile('src-renderer/src/App.svelte', `<script lang="ts">${fromRenderer}</script>`).map(
        (v) => v.message,
      ),
    ).toEqual(['renderer must not import util (allowed: contract)']);
  });

  it('keeps the engine stages in order', () => {
    expect(
      checkFile('src-main/starlark/compile/compile.ts', "import { List } from '../runtime/value';"),
    ).toEqual([]);
    expect(
      checkFile(
        'src-main/starlark/syntax/parse.ts',
        "import { List } from '../runtime/value';",
      ).map((v) => v.message),
    ).toEqual([
      'starlark/syntax must not import the later stage starlark/runtime (syntax → resolve → runtime → lib → compile → debug)',
    ]);
    expect(
      checkFile('src-main/starlark/runtime/eval.ts', "import { exec } from '../exec';").map(
        (v) => v.message,
      ),
    ).toEqual(["starlark/runtime must not import the engine's top-level API"]);
    expect(
      checkFile(
        'src-main/starlark/debug/debugger.ts',
        "import { Program } from '../compile/program';",
      ),
    ).toEqual([]);
    expect(
      checkFile(
        'src-main/starlark/compile/stmt.ts',
        "import { Debugger } from '../debug/debugger';",
      ).length,
    ).toBe(1);
  });

  it('lets other parts import the engine only through its public entries', () => {
    const source = [
      "import { execFile, type Value } from '../../starlark';",
      "import { Thread } from '../../starlark/index';",
      "import { Debugger } from '../../starlark/debug/index';",
      "import type { StopReason } from '../../starlark/debug';",
      "import { unpackArgs } from '../../starlark/runtime/unpack';",
      "import type { Position } from '../../starlark/syntax/ast';",
      "import { placeBreakpoints } from '../../starlark/debug/breakpoints';",
      "const lazy = () => import('../../starlark/lib/json');",
    ].join('\n');
    const entries = 'starlark/index, starlark/proto, starlark/debug/index';
    expect(checkFile('src-main/host/worker/runner.ts', source).map((v) => v.message)).toEqual([
      `host must import the engine through its public entries (${entries}), not src-main/starlark/runtime/unpack`,
      `host must import the engine through its public entries (${entries}), not src-main/starlark/syntax/ast`,
      `host must import the engine through its public entries (${entries}), not src-main/starlark/debug/breakpoints`,
      `host must import the engine through its public entries (${entries}), not src-main/starlark/lib/json`,
    ]);
    // Inside the engine, the stages import each other's files directly.
    expect(
      checkFile('src-main/starlark/compile/stmt.ts', "import { parse } from '../syntax/parse';"),
    ).toEqual([]);
  });

  it('lets only the Electron shell import Electron', () => {
    expect(checkFile('src-main/app/main.ts', "import { app } from 'electron';")).toEqual([]);
    expect(
      checkFile('src-main/host/pool.ts', "import { utilityProcess } from 'electron';"),
    ).toHaveLength(1);
  });

  it('allows the imports the architecture draws', () => {
    const source = [
      "import { Thread } from '../host/thread';",
      "import { execFile } from '../starlark/index';",
      "import { Client } from '../cluster/client';",
      "import type { Event } from '../contract/events';",
      "import type { Reply } from '../contract';",
      "import YAML from 'yaml';",
      "import { readFile } from 'node:fs/promises';",
    ].join('\n');
    expect(checkFile('src-main/reconciler/reconcile.ts', source)).toEqual([]);
  });
});
