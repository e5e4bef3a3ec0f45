// The layer order of src/ (docs/architecture.md), checked by dependency-cruiser in
// `npm run typecheck`. LAYERS lists the pipeline of DESIGN.md in its order, with shared leaves
// first and what runs around the pipeline last. A module may import from its own layer and from
// layers before it, never from a layer after it; and no import may close a cycle.
/** @type {{ name: string, path: string, why: string }[]} */
const LAYERS = [
  {
    name: 'shared',
    path: '^src/(diagnostics|rule-catalogue|calendar-date|regions|region-data|tool-version|module-worker|plural)[.]ts$',
    why: 'shared leaves (messages and their rule ids, calendar dates, the region gazetteer, the tool version, worker start-up) are used by every stage and produced by none, so they import no stage',
  },
  {
    name: 'load',
    path: '^src/load/',
    why: 'load/ reads content, templates and public files; it comes first and knows nothing of what later stages make of the bytes',
  },
  {
    name: 'parse',
    path: '^src/parse/',
    why: 'parse/ turns one file into frontmatter, a tree and messages; it must not know the schema, the model, URLs or HTML pages',
  },
  {
    name: 'validate',
    path: '^src/validate/|^src/config[.]ts$',
    why: 'validate/ (and config.ts for site.yml) checks parsed files and makes Entry and ValidIssue; the model is built from its records, not the other way round',
  },
  {
    name: 'model',
    path: '^src/model/',
    why: 'model/ builds the Site from validated records; it does not know routes, templates or output files',
  },
  {
    name: 'route',
    path: '^src/route/',
    why: 'route/ turns the Site into a table of pages; rendering reads that table, route/ never reads rendering',
  },
  {
    name: 'render',
    path: '^src/(render|feeds|sitemap)/',
    why: 'render/, feeds/ and sitemap/ turn pages and the Site into output files; they never write them or ask what is on disk',
  },
  {
    name: 'newsletter',
    path: '^src/newsletter/(?!newsletter-command[.]ts$)',
    why: 'newsletter/ renders an issue of the Site as a mail and a WeChat article, from the renderer\'s entry HTML; like render/, it returns values and never writes or builds',
  },
  {
    name: 'write',
    path: '^src/write/',
    why: 'write/ puts output files in place and records them; it takes rendered files and knows no stage after it',
  },
  {
    name: 'search',
    path: '^src/search/',
    why: 'search/ renders the search index from the Site like a page, but its worker stages the files in the output folder itself (write/), so it comes after write',
  },
  {
    name: 'build',
    path: '^src/(build|cache)/|^src/(build|pipeline|text-outputs|deferred-task)[.]ts$',
    why: 'build.ts and build/ run the stages in order (steps that span stages: the parse pool, which renders bodies as it parses; generated files and their reuse); cache/ keeps every stage\'s results, so no stage may import them',
  },
  {
    name: 'commands',
    path: '^src/(cli|command|command-line|report)[.]ts$|^src/(dev|import|init|new)/|^src/newsletter/newsletter-command[.]ts$',
    why: 'cli, dev, import and new are entry points around the pipeline: they may use any layer, and no layer may use them',
  },
];

const ANY_LAYER = LAYERS.map((layer) => layer.path).join('|');

const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `${layer.name}-imports-no-later-layer`,
  comment: layer.why,
  severity: 'error',
  from: { path: layer.path },
  to: { path: LAYERS.slice(index + 1).map((later) => later.path).join('|') },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'a cycle has no order: data flows one way through the stages, and modules of one layer depend on each other one way too',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'every-module-in-a-layer',
      comment: 'a module of src/ that matches no layer would escape the rules above: add its folder or file to LAYERS in .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: '^src/', pathNot: ANY_LAYER },
      to: {},
    },
    {
      name: 'every-lone-module-in-a-layer',
      comment: 'the same for a module that imports no module of src/ and is imported by none',
      severity: 'error',
      from: { orphan: true, path: '^src/', pathNot: ANY_LAYER },
      to: {},
    },
    {
      name: 'every-import-in-a-layer',
      comment: 'an import of a module of src/ that matches no layer would escape the rules above: add its folder or file to LAYERS in .dependency-cruiser.cjs',
      severity: 'error',
      from: {},
      to: { path: '^src/', pathNot: ANY_LAYER },
    },
  ],
  options: {
    // Only the generator's own modules; packages and Node built-ins are not layers.
    includeOnly: '^src/',
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a record type imported from a later stage is a back import too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
