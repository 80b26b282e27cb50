/** The go.starlark.net version whose behaviour the engine reproduces (the one Choreo uses). */
export const goStarlarkVersion = 'v0.0.0-20240705175910-70002002b310';
