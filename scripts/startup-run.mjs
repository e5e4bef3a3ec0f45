// One cold build through lib/build.js's build() (no CLI), for scripts/startup-probe.ts:
//   node scripts/startup-run.mjs ROOT OUT [THREADS]
// THREADS: parse workers however small the archive (0: everything on the main thread); without
// it, the build decides as the CLI's does.
import path from 'node:path';
import { build } from '../lib/build.js';

const [root, out, threads] = process.argv.slice(2);
const result = await build({ root: path.resolve(root), outDir: path.resolve(out), cache: false, threads: threads === undefined ? undefined : Number(threads) });
if (!result.ok) {
  process.stderr.write('build failed\n');
  process.exitCode = 1;
}
