// What a page shows while the latest build has failed: the problems, on top of the last good
// version of the page. Every piece of text is escaped: messages quote content. Pure.
import type { VFile } from 'vfile';

export interface Problem {
  /** file:line:column */
  place: string;
  reason: string;
  ruleId: string | null;
  fatal: boolean;
}

/** The problems of a build, errors first. */
export function problemsOf(files: readonly VFile[]): Problem[] {
  const problems = files.flatMap((file) =>
    file.messages.map((message) => ({
      place: [file.path, message.line, message.column].filter((part) => part !== undefined && part !== null).join(':'),
      reason: message.reason,
      ruleId: message.ruleId ?? null,
      fatal: message.fatal === true,
    })),
  );
  return [...problems.filter((p) => p.fatal), ...problems.filter((p) => !p.fatal)];
}

export const OVERLAY_ID = 'digest-dev-overlay';

export function errorOverlay(problems: readonly Problem[], hasPage: boolean): string {
  const items = problems
    .map(
      (p) =>
        `<li style="margin:.4em 0"><code style="color:#ffb3b3">${escapeHtml(p.place)}</code> ${p.fatal ? '' : '<b>warning</b> '}${escapeHtml(p.reason)}${p.ruleId ? ` <small style="opacity:.7">${escapeHtml(p.ruleId)}</small>` : ''}</li>`,
    )
    .join('\n');
  const title = hasPage ? 'The last build failed; this is the last good version of the page.' : 'The build failed, and there is no earlier version to show.';
  return `<div id="${OVERLAY_ID}" role="alert" style="position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:1em 1.5em;background:#2b0d0e;color:#fff;border-top:4px solid #e5484d;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left">
<p style="margin:0 0 .5em;font-weight:bold">digest dev: ${title} Fix the problems below; the page reloads by itself.</p>
<ul style="margin:0;padding-left:1.2em">
${items}
</ul>
</div>`;
}

/** A page for when there is no built page to show the overlay on. */
export function errorPage(body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>digest dev: build failed</title></head>
<body>
${body}
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
