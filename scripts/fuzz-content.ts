// Mutation fuzzing of the content pipeline: takes the bundled sample issue and site.yml, damages
// one file at a time (YAML and Markdown syntax, control bytes, truncation, random bytes) and runs
// parse -> validate -> model -> route -> render in-process. Any exception is a bug: content
// problems must end up as messages. Seeded, so a failure reproduces.
//
//   node --import tsx scripts/fuzz-content.ts [seed=1] [rounds=2000]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VFile } from 'vfile';
import { loadConfig } from '../src/config.js';
import { buildSite } from '../src/model/build-site.js';
import { parseDocument } from '../src/parse/parse-document.js';
import { createEnvironment } from '../src/render/environment.js';
import { createRenderer } from '../src/render/render-pages.js';
import { bodiesOf } from '../src/parse/body-store.js';
import { routeSite } from '../src/route/route-site.js';
import { validateContent } from '../src/validate/validate-content.js';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const ISSUE = 'content/issues/2025/2025-11-24';
const SPLICES = ['---', '\n', ': ', '[', ']', '{', '}', '"', "'", '*', '&a ', '*a', '!!str ', '#', '>', '- ', '\t', '\u0000', '\r', '\ufeff', '<script>', '](', '![', '`', '|', '%', '\\', '? ', '__proto__: 1\n', '<<: *a\n', '***', '<!--'];

let seed = Number(process.argv[2] ?? 1);
const rounds = Number(process.argv[3] ?? 2000);
const random = (below: number): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % below;
};

function mutate(original: Uint8Array): Buffer {
  let bytes = Buffer.from(original);
  for (let edits = 1 + random(4); edits > 0; edits--) {
    const at = random(bytes.length + 1);
    const operation = random(3);
    if (operation === 0) bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(SPLICES[random(SPLICES.length)]!), bytes.subarray(at)]);
    else if (operation === 1) bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + 1 + random(20)))]);
    else if (at < bytes.length) bytes[at] = random(256);
  }
  return bytes;
}

const siteBytes = readFileSync(path.join(REPO, 'content', 'site.yml'));
const names = readdirSync(path.join(REPO, ISSUE)).sort();
const originals = names.map((name) => readFileSync(path.join(REPO, ISSUE, name)));
let withProblems = 0;

for (let round = 0; round < rounds; round++) {
  // One round in ten damages site.yml, the others one file of the issue.
  const target = random(10) === 0 ? -1 : random(names.length);
  const damaged = mutate(target === -1 ? siteBytes : originals[target]!);
  try {
    const siteFile = new VFile({ path: 'content/site.yml', value: target === -1 ? damaged : siteBytes });
    const config = loadConfig(siteFile);
    const files = names.map((name, index) => {
      const file = new VFile({ path: `${ISSUE}/${name}`, value: index === target ? damaged : originals[index] });
      return { file, parsed: parseDocument(file.value as Uint8Array) };
    });
    const issues = validateContent(config, files);
    const all = [siteFile, ...files.map(({ file }) => file)];
    if (all.some((file) => file.messages.some((message) => !message.line || !message.ruleId))) throw new Error('a message without line or rule id');
    if (!config || all.some((file) => file.messages.some((message) => message.fatal))) {
      withProblems++;
      continue;
    }
    const site = buildSite(config, issues, { drafts: true });
    const render = createRenderer({ site, bodies: bodiesOf(files), env: createEnvironment({ config, templateDirs: [] }), exists: () => true });
    for (const page of routeSite(site)) render(page);
  } catch (error) {
    console.error(`round ${round} (${target === -1 ? 'site.yml' : names[target]}): ${(error as Error).stack}`);
    console.error(`input: ${JSON.stringify(damaged.toString('latin1'))}`);
    process.exit(1);
  }
}
console.log(`${rounds} rounds, no exception; ${withProblems} rounds reported content problems`);
