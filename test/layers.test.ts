// The layer check of `npm run typecheck` (.dependency-cruiser.cjs) rejects what it is there to
// reject: a copy of src/ with a few probe modules added is cruised with the project's config, and
// exactly the probes that break the layer order or close a cycle are reported.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const repo = fileURLToPath(new URL('..', import.meta.url));
const depcruise = path.join(repo, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** Module path -> source, added to a copy of src/. */
const PROBES: Record<string, string> = {
  // A stage importing a record type of a later stage (parse -> model).
  'src/parse/probe-back-type.ts': "import type { Site } from '../model/types.js';\nexport type Probe = Site;\n",
  // A stage importing a value of a module around the pipeline (write -> cache).
  'src/write/probe-back-value.ts': "import { CACHE_DIR } from '../cache/build-cache.js';\nexport const probe = CACHE_DIR;\n",
  // Two modules of one layer importing each other.
  'src/render/probe-cycle-a.ts': "import { b } from './probe-cycle-b.js';\nexport const a = (): number => b() + 1;\n",
  'src/render/probe-cycle-b.ts': "import { a } from './probe-cycle-a.js';\nexport const b = (): number => a() - 1;\n",
  // A module in no layer.
  'src/probe-stray.ts': "import { report } from './diagnostics.js';\nexport const probe = report;\n",
  // Allowed: render imports earlier stages and a shared leaf.
  'src/render/probe-forward.ts': "import { parsers } from '../parse/parsers.js';\nimport type { Site } from '../model/types.js';\nimport { addDays } from '../calendar-date.js';\nexport const probe = (site: Site) => [parsers, site, addDays];\n",
};

async function cruise(root: string): Promise<Violation[]> {
  const run = promisify(execFile);
  // Exit code 2 means violations; the JSON report is on stdout either way.
  const { stdout } = await run(process.execPath, [depcruise, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd: root, maxBuffer: 64 * 1024 * 1024 }).catch((error: { stdout?: string }) => {
    if (typeof error.stdout === 'string' && error.stdout.startsWith('{')) return { stdout: error.stdout };
    throw error;
  });
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

test('the layer check rejects back imports, cycles and modules in no layer, and nothing else', { timeout: 120_000 }, async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'digest-layers-'));
  try {
    await cp(path.join(repo, 'src'), path.join(root, 'src'), { recursive: true });
    await cp(path.join(repo, 'tsconfig.json'), path.join(root, 'tsconfig.json'));
    await cp(path.join(repo, '.dependency-cruiser.cjs'), path.join(root, '.dependency-cruiser.cjs'));
    for (const [file, source] of Object.entries(PROBES)) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), source);
    }
    // A cycle is reported once, from whichever of its modules the cruise meets first.
    const describe = ({ rule, from, to }: Violation) => (rule.name === 'no-circular' ? `no-circular: ${[from, to].sort().join(' <-> ')}` : `${rule.name}: ${from} -> ${to}`);
    const found = (await cruise(root)).map(describe).sort();
    assert.deepEqual(found, [
      'every-module-in-a-layer: src/probe-stray.ts -> src/diagnostics.ts',
      'no-circular: src/render/probe-cycle-a.ts <-> src/render/probe-cycle-b.ts',
      'parse-imports-no-later-layer: src/parse/probe-back-type.ts -> src/model/types.ts',
      'write-imports-no-later-layer: src/write/probe-back-value.ts -> src/cache/build-cache.ts',
    ]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
