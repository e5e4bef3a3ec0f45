// An output file as last written or checked: sha1 of its bytes, and the stat that goes with it.
// writeOutput makes these; the cache keeps them for the next build.
export interface OutputRecord {
  hash: string;
  size: number;
  mtimeMs: number;
}
