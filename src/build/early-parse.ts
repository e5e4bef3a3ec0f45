// A cold build parses every Markdown file. Started when the content files are listed, this hands
// each one to parse workers as soon as it is read, so they parse while this thread reads the
// rest. parseFiles later keeps only what was parsed under the context the build really uses (its
// base path and content files) for the bytes it really has; anything else is parsed again.
import { parse } from 'yaml';
import type { LoadHooks } from '../load/load-content.js';
import { startParsePool, type ParsePool } from './parse-pool.js';

export interface EarlyParse {
  hooks: LoadHooks;
  /** The workers, for parseContent (which uses or terminates them); null when none were started. */
  readonly pool: ParsePool | null;
}

export interface EarlyParseOptions {
  /** Nothing is known from earlier builds: every Markdown file will be parsed. */
  cold: boolean;
  threads?: number | undefined;
  baseUrl?: string | undefined;
}

const SITE_FILE = 'content/site.yml';

export function earlyParse(options: EarlyParseOptions): EarlyParse {
  let pool: ParsePool | null = null;
  let knownPaths: string[] = [];
  return {
    get pool() {
      return pool;
    },
    hooks: {
      listed: (paths) => {
        if (!options.cold) return;
        pool = startParsePool(paths.filter((file) => file.endsWith('.md')).length, options.threads);
        knownPaths = paths.filter((file) => file !== SITE_FILE);
      },
      read: (file) => {
        if (!pool) return;
        if (file.path === SITE_FILE) {
          // The build reads the configuration again, for real: this only guesses the base path.
          const basePath = guessBasePath(file.value as Uint8Array, options.baseUrl);
          pool.setContext(basePath === null ? null : { basePath, knownPaths });
        } else if (file.path.endsWith('.md')) {
          pool.offer({ path: file.path, bytes: file.value as Uint8Array });
        }
      },
    },
  };
}

/**
 * site.yml's base path, as loadConfig makes it, without loading what loadConfig needs (zod and
 * the schema, ~100 ms of a cold start that would delay the listing and the workers): a guess,
 * since the file is not checked. A wrong guess costs time, never a wrong result: parseFiles
 * keeps only what was parsed under the context the build really uses. Null when there is no
 * telling (no url, not YAML).
 */
export function guessBasePath(bytes: Uint8Array, baseUrl: string | undefined): string | null {
  try {
    const data: unknown = baseUrl === undefined ? parse(new TextDecoder().decode(bytes), { schema: 'core' }) : null;
    const url = baseUrl ?? (typeof data === 'object' && data !== null && 'url' in data && typeof data.url === 'string' ? data.url : null);
    return url === null ? null : new URL(url.endsWith('/') ? url : `${url}/`).pathname;
  } catch {
    return null;
  }
}
