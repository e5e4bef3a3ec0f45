// A nunjucks error from a template of the site's own templates/ folder becomes a message on that
// template file (rule template-error): the site's author can fix it, so it is not a crash.
// Errors from the built-in templates are not recognised here: they are bugs in digest.
import path from 'node:path';
import { VFile } from 'vfile';
import { report } from '../diagnostics.js';

export interface TemplateProblemsOptions {
  /** The site root: messages name files relative to it. */
  root: string;
  /** The site's templates/ folder. */
  siteTemplates: string;
}

interface Located {
  templatePath: string;
  line: number;
  column: number;
  reason: string;
}

/**
 * nunjucks wraps an error once per template it passes through: "(outer.njk)\n  Template render
 * error: (inner.njk) [Line 2, Column 6]\n  Error: ...". The innermost template is where it
 * happened. Compile errors count lines and columns from 1, render errors from 0.
 */
const FRAME = /\(([^\n]+?)\)(?: \[Line (\d+)(?:, Column (\d+))?\])?\n {2}/g;

/** Where a nunjucks error happened: the innermost template for which `accept` holds. */
export function locateTemplateError(error: unknown, accept: (templatePath: string) => boolean): Located | null {
  if (!(error instanceof Error) || error.name !== 'Template render error') return null;
  const frames = [...error.message.matchAll(FRAME)];
  const last = frames.at(-1);
  if (!last || last.index === undefined) return null;
  const reason = error.message.slice(last.index + last[0].length).trim().replace(/\s*\n\s*/g, ' ');
  const fromZero = /^\w*Error: /.test(reason) ? 1 : 0;
  const frame = frames.findLast((candidate) => accept(candidate[1]!));
  if (!frame) return null;
  return {
    templatePath: frame[1]!,
    line: frame[2] === undefined ? 1 : Number(frame[2]) + fromZero,
    column: frame[3] === undefined ? 1 : Number(frame[3]) + fromZero,
    reason: reason.replace(/^\w*Error: /, ''),
  };
}

export class TemplateProblems {
  readonly files: VFile[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly options: TemplateProblemsOptions) {}

  /** Records the error if it comes from a site template; false when it does not. */
  add(error: unknown, pageUrl?: string): boolean {
    const located = locateTemplateError(error, (templatePath) => {
      const relative = path.relative(this.options.siteTemplates, templatePath);
      return !relative.startsWith('..') && !path.isAbsolute(relative);
    });
    if (!located) return false;
    const key = `${located.templatePath}:${located.line}:${located.column}:${located.reason}`;
    if (this.seen.has(key)) return true;
    this.seen.add(key);
    const filePath = path.relative(this.options.root, located.templatePath).split(path.sep).join('/');
    let file = this.files.find((candidate) => candidate.path === filePath);
    if (!file) {
      file = new VFile({ path: filePath, cwd: this.options.root });
      this.files.push(file);
    }
    report(file, 'error', `template error: ${located.reason}${pageUrl === undefined ? '' : ` (while rendering the page /${pageUrl})`}; fix this template or delete it to use the built-in one`, 'template-error', { line: located.line, column: located.column });
    return true;
  }
}
