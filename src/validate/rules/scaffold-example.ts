// scaffold-example: an issue that is not a draft still holds an example entry as `digest new`
// wrote it, so deleting `draft: true` would publish 示例：… from 来源名称. The markers are defined
// here and used by the scaffold, so the two cannot drift apart.
import type { VFile } from 'vfile';
import { report } from '../../diagnostics.js';
import type { ParsedDocument } from '../../parse/parse-document.js';
import { placeIn } from '../../parse/yaml.js';

/** The scaffold's example text: a title starting with this, a source of exactly that. */
export const SCAFFOLD_EXAMPLE = { titlePrefix: '示例：', source: '来源名称' } as const;

export function checkScaffoldExamples(entries: readonly { file: VFile; parsed: ParsedDocument }[]): void {
  for (const { file, parsed } of entries) {
    const { title, source } = parsed.data;
    const exampleTitle = typeof title === 'string' && title.trim().startsWith(SCAFFOLD_EXAMPLE.titlePrefix);
    const sources = Array.isArray(source) ? source : [source];
    const sourceIndex = sources.findIndex((item) => typeof item === 'string' && item.trim() === SCAFFOLD_EXAMPLE.source);
    if (!exampleTitle && sourceIndex === -1) continue;
    const what = [exampleTitle ? `the title "${String(title).trim()}"` : '', sourceIndex === -1 ? '' : `the source ${SCAFFOLD_EXAMPLE.source}`].filter(Boolean).join(' and ');
    const place = exampleTitle ? placeIn(parsed.places, ['title']) : placeIn(parsed.places, Array.isArray(source) ? ['source', sourceIndex] : ['source']);
    report(
      file,
      'error',
      `this entry still holds the example text \`digest new\` wrote (${what}), and its issue is not a draft: write the real entry, or delete the file, before publishing`,
      'scaffold-example',
      place,
    );
  }
}
