// A cold build parses every Markdown file. Started when the content files are listed, this hands
// each one to parse workers as soon as it is read, so they parse while this thread reads the
// rest. parseFiles later keeps only what was parsed under the context the build really uses (its
// base path and content files) for the bytes it really has; anything else is parsed again.
import { VFile } from 'vfile';
import { loadConfig } from '../config.js';
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
          // The build reads the configuration again, for real: this copy only tells the base path.
          const config = loadConfig(new VFile({ path: file.path, value: file.value }), { baseUrl: options.baseUrl });
          pool.setContext(config ? { basePath: config.basePath, knownPaths } : null);
        } else if (file.path.endsWith('.md')) {
          pool.offer({ path: file.path, bytes: file.value as Uint8Array });
        }
      },
    },
  };
}
