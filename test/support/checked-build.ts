// build() and createBuilder() as src/build.ts has them, for tests that call the builder itself:
// after a build, each .xml file in the output folder goes through a strict XML parser.
import path from 'node:path';
import { build as buildSite, createBuilder as createSiteBuilder, type BuildOptions, type BuildResult, type Builder } from '../../src/build.ts';
import { assertWellFormedXml } from './well-formed-xml.ts';

export type { BuildOptions, BuildResult, Builder } from '../../src/build.ts';

function outDirOf(options: BuildOptions): string | null {
  if (options.write === false) return null;
  return path.resolve(options.outDir ?? path.join(options.root, 'dist'));
}

function check(options: BuildOptions): void {
  const outDir = outDirOf(options);
  if (outDir !== null) assertWellFormedXml(outDir);
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const result = await buildSite(options);
  check(options);
  return result;
}

/**
 * A long-lived builder's output is checked once it is settled, on flush() and close(): its feeds
 * follow a run by a moment, and a check right after build() would delay what tests time.
 */
export function createBuilder(options: BuildOptions): Builder {
  const builder = createSiteBuilder(options);
  return {
    build: (request) => builder.build(request),
    async flush() {
      await builder.flush();
      check(options);
    },
    async close() {
      await builder.close();
      check(options);
    },
  };
}
