// The Nu Html Checker (vnu.jar from the vnu-jar package) on the system's Java, for the tests that
// check HTML: whether it can run, and its messages for some files.
import { execFile, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const VNU_JAR = path.join(path.dirname(createRequire(import.meta.url).resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');

export interface VnuMessage {
  type: string;
  subType?: string;
  url: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

/** Why the checks cannot run (no Java), or null; under CI a missing Java is an error, not a skip. */
export function javaMissing(): string | null {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return null;
  } catch {
    const reason = 'Java not found: install it with `apt-get install default-jre-headless`';
    if (process.env.CI) throw new Error(`${reason} (CI must run the HTML checks)`);
    return `${reason}; HTML checks skipped`;
  }
}

/** vnu's messages for `files`, with extra vnu `options` (such as --also-check-css). */
export function vnuMessages(files: readonly string[], options: readonly string[] = []): Promise<VnuMessage[]> {
  return new Promise((resolve) => {
    execFile('java', ['-jar', VNU_JAR, '--format', 'json', ...options, ...files], { maxBuffer: 64 * 1024 * 1024 }, (_error, _stdout, stderr) =>
      resolve((JSON.parse(stderr) as { messages: VnuMessage[] }).messages),
    );
  });
}

/** An error, a fatal error or a file vnu could not read. */
export const isVnuError = (m: VnuMessage): boolean => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error';
