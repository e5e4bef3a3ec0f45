// Every .xml file a test's build wrote goes through a strict XML parser (saxes: XML 1.0 and
// namespaces, forbidden characters included), so a feed or sitemap a reader's parser would
// reject fails the test that built it. Used by every helper that builds a site.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SaxesParser } from 'saxes';

/** The first well-formedness error of `text` as `file:line:column: reason`, or null. */
export function xmlError(text: string, fileName = 'xml'): string | null {
  const parser = new SaxesParser({ xmlns: true, fileName });
  let error: string | null = null;
  parser.on('error', (problem) => {
    error ??= problem.message;
  });
  parser.write(text).close();
  return error;
}

/** Fails with every ill-formed .xml file below `dir` (none there, or no folder `dir`: passes). Returns how many were read. */
export function assertWellFormedXml(dir: string): number {
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    // No output folder: a build that failed, or an --out that is a file (refused).
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return 0;
    throw error;
  }
  const errors: string[] = [];
  let read = 0;
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.xml')) continue;
    const file = path.join(entry.parentPath, entry.name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      // A live builder may replace or delete a file between the listing and the read.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    read++;
    const error = xmlError(text, path.relative(dir, file));
    if (error) errors.push(error);
  }
  assert.deepEqual(errors, [], `ill-formed XML written below ${dir}`);
  return read;
}

/**
 * The output folder of a CLI run `digest ...args` in `cwd` when it is a build (`--out`, else
 * `<--root>/dist`, else `<cwd>/dist`); null for other commands.
 */
export function buildOutDir(args: readonly string[], cwd: string): string | null {
  if (args[0] !== 'build') return null;
  const value = (name: string): string | undefined => {
    for (let i = 1; i < args.length; i++) {
      if (args[i] === name) return args[i + 1];
      if (args[i]!.startsWith(`${name}=`)) return args[i]!.slice(name.length + 1);
    }
    return undefined;
  };
  const out = value('--out');
  if (out !== undefined) return path.resolve(cwd, out);
  return path.resolve(cwd, value('--root') ?? '.', 'dist');
}

/** After a CLI run: its output's XML, if it was a build. */
export function assertBuiltXml(args: readonly string[], cwd: string): void {
  const outDir = buildOutDir(args, cwd);
  if (outDir !== null) assertWellFormedXml(outDir);
}
