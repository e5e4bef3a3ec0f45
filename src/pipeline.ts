// What a build needs once it has pages to make: validation, the model, routes, templates, feeds,
// the search index. build.ts loads this on first need, so a build that finds its output up to
// date never loads nunjucks, zod, pinyin-pro or feed, and a cold build loads them while its parse
// workers work.
export { buildSite } from './model/build-site.js';
export { renderMarkdown } from './render/entry-html.js';
export { createEnvironment } from './render/environment.js';
export { changedFiles, outlinePage, pagesToCheck } from './build/changed-pages.js';
export { keepsSite } from './build/keep-site.js';
export { bodiesOf } from './parse/body-store.js';
export { generatedGroups, isTextGroup } from './build/generated-files.js';
export { createFingerprinter, emptyFingerprintMemo } from './render/page-fingerprint.js';
export { createRenderer, plainText } from './render/render-pages.js';
export { renderSite } from './render/render-site.js';
export { reuseGenerated } from './build/reuse-generated.js';
export { templateHashes } from './render/template-deps.js';
export { findCollisions, routeSite } from './route/route-site.js';
export { startTextOutputs, withTextRecords, writeTextOutputs } from './text-outputs.js';
export { emptyValidationMemo, validateContent } from './validate/validate-content.js';
