#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in lib/ (npm ci runs `prepare`, which compiles it and
// bundles it into lib/bundle/). The bundle starts faster; it is used when it was made after the
// last compile (scripts/bundle.mjs bundles lib/), so a bare `tsc` never leaves it running old code.
// DIGEST_NO_BUNDLE=1 runs lib/ module by module (the switch that turns the bundle off).
import { statSync } from 'node:fs';

const mtime = (relative) => statSync(new URL(relative, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const bundled = !process.env.DIGEST_NO_BUNDLE && mtime('../lib/bundle/cli.js') >= mtime('../lib/cli.js');
const { main } = await import(bundled ? '../lib/bundle/cli.js' : '../lib/cli.js');

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
