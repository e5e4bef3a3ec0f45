// A file of the output as the build makes it (a page, a feed, a generated file): its path and
// bytes, for write/ to put in place.
export interface OutputFile {
  /** Relative to the output folder, '/'-separated. */
  path: string;
  contents: string | Uint8Array;
}
