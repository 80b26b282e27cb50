/** The go.starlark.net version the reference requires. */
export function referenceVersion(): string;
/** Builds the reference if its sources changed since the cached build; returns the binary's path. */
export function buildReference(): string;
/** The directory of go.starlark.net's source in the Go module cache (downloaded if missing). */
export function goStarlarkDir(): string;
