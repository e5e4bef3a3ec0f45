// digest's own version, from its package.json (one level above src/ and lib/).
import { readFile } from 'node:fs/promises';

export async function toolVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
