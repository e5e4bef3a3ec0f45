// An output folder (or a path in it) that digest refuses to write: a usage error (exit 2).
export class UnsafeOutputError extends Error {}
