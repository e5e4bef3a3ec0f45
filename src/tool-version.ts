// digest's own version, from its package.json (one level above src/ and lib/, two above the
// bundle in lib/bundle/).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

export async function toolVersion(): Promise<string> {
  const near = new URL('../package.json', import.meta.url);
  const file = existsSync(near) ? near : new URL('../../package.json', import.meta.url);
  const pkg = JSON.parse(await readFile(file, 'utf8')) as { version: string };
  return pkg.version;
}
