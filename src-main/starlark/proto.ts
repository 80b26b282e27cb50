/**
 * go.starlark.net's experimental `proto` module, an entry of its own beside index.ts: only a host
 * that predeclares it (`starling test`) loads it, as bundlers cannot drop its setup code from the
 * hosts that do not (out/cli/exec.cjs would grow by 38 kB).
 */
export { proto, ProtoPool, setPool, type ProtoFileSpec } from './lib/proto';
