// `digest init [DIR]`: a new site root with its settings, a first issue (a draft, made as
// `digest new` makes one), package.json, .gitignore and GitHub workflows; then the next steps.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { EXIT, UsageError, type Command } from '../command.js';
import { createIssue } from '../new/new-command.js';
import { toolVersion } from '../tool-version.js';
import { siteFiles } from './site-files.js';
import { SiteExistsError, writeSiteFiles } from './write-site-files.js';

export const initCommand: Command = {
  summary: 'start a new site root: settings, a first issue, package.json, workflows',
  usage: `digest init [DIR]

Makes DIR (default: the current folder) a new site root: content/site.yml (title, url and
sections, commented), a first issue as a draft (as \`digest new\` makes it), a package.json that
depends on weekly-digest with the scripts build, dev, check and new, a .gitignore, and two
GitHub workflows: check pull requests, and publish to GitHub Pages on every push to main.
DIR may exist and hold other files (a fresh clone); a folder that already holds content/ or
a site.yml, or any of those files, is refused and left as it is.`,
  options: { help: { type: 'boolean', short: 'h' }, debug: { type: 'boolean' } },
  async run(_values, positionals) {
    if (positionals.length > 1) throw new UsageError(`give one folder, not ${positionals.length}`);
    const given = positionals[0] ?? '.';
    const root = path.resolve(given);
    const shown = path.relative(process.cwd(), root) || '.';
    if (existsSync(root) && !statSync(root).isDirectory()) throw new UsageError(`${shown} is a file, not a folder`);
    const existing = ['content', 'site.yml', path.join('content', 'site.yml')].find((name) => existsSync(path.join(root, name)));
    if (existing) {
      process.stderr.write(`digest init: ${shown === '.' ? 'this folder' : shown} holds ${existing} already: it is a site root; nothing was changed\n`);
      return EXIT.usage;
    }
    try {
      await writeSiteFiles(root, siteFiles({ folderName: path.basename(root), toolVersion: await toolVersion() }));
    } catch (error) {
      if (!(error instanceof SiteExistsError)) throw error;
      process.stderr.write(`digest init: ${error.message} in ${shown}; nothing was changed\n`);
      return EXIT.usage;
    }
    const issue = await createIssue(root, null);
    if (!issue.ok) throw new Error(`the first issue could not be made: ${issue.message}`);
    process.stdout.write(nextSteps(shown, path.relative(root, issue.folder).split(path.sep).join('/')));
    return EXIT.ok;
  },
};

function nextSteps(shown: string, issueFolder: string): string {
  const cd = shown === '.' ? '' : `  cd ${/^[\w./@:+-]+$/.test(shown) ? shown : JSON.stringify(shown)}\n`;
  return `created a new digest site in ${shown === '.' ? 'this folder' : `${shown}/`}:
  content/site.yml                 title, url and sections: fill them in
  ${`${issueFolder}/`.padEnd(32)} the first issue: a draft, an example entry per section
  package.json                     npm scripts: build, dev, check, new
  .github/workflows/               check pull requests; publish to GitHub Pages from main

Next steps:
${cd}  npm install                      installs weekly-digest (commit package-lock.json too)
  npx digest dev                   preview at http://127.0.0.1:4000/, drafts included
  npx digest check                 every problem, with its file and line
  npx digest build                 the site in dist/, drafts left out
  npx digest serve                 look at dist/ as a web host will serve it

To publish: push to GitHub and set Settings > Pages > Source to GitHub Actions.
`;
}
