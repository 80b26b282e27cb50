/** Builds the merge oracle if its sources changed since the cached build; returns its path. */
export function buildOracle(): string;
