// The files of a new site root, besides its first issue: site.yml, package.json, .gitignore and
// the two GitHub workflows. Pure: text in, text out.
import { checkWorkflow, deployWorkflow } from './workflows.js';

export interface SiteFile {
  /** '/'-separated, relative to the site root. */
  path: string;
  contents: string;
  /** An existing .gitignore gets the lines it lacks; any other existing file stops init. */
  merge?: 'lines';
}

export interface SiteFilesOptions {
  /** The site root's folder name: the package name is made from it. */
  folderName: string;
  /** The running tool's version: the new site depends on it. */
  toolVersion: string;
}

export function siteFiles(options: SiteFilesOptions): SiteFile[] {
  return [
    { path: 'content/site.yml', contents: SITE_YML },
    { path: 'package.json', contents: packageJson(options) },
    { path: '.gitignore', contents: 'node_modules/\ndist/\n.digest-cache/\n', merge: 'lines' },
    { path: '.github/workflows/check.yml', contents: checkWorkflow() },
    { path: '.github/workflows/deploy.yml', contents: deployWorkflow() },
  ];
}

const SITE_YML = `# The settings of this digest. Fill in the three marked with ← : title, url and sections.
# \`npx digest check\` says what is wrong, with the line, after every change.

# ← The digest's name: page titles, the header, the feeds.
title: 一周动态
description: 每周要闻
language: zh-CN

# ← Where the site is published: an absolute URL; its path is the start of every link.
# The deploy workflow passes the GitHub Pages address itself (--base-url).
url: https://example.org/digest/

# ← The sections of an issue, in reading order: an entry names its section by its path
# (section: policy/central). id: lower-case letters, digits and dashes; it is part of the
# URL. These are the sample's sections: rename, add or delete them to fit the digest.
sections:
  - id: policy
    title: 政策参考
    sections:
      - { id: central, title: 中央政策 }
      - { id: local, title: 地方政策 }
  - { id: federation, title: 联合会动态 }
  - { id: industry, title: 行业动态 }
  - { id: research, title: 理论研究 }

# Optional: the addresses of the mail \`npx digest newsletter\` makes (placeholders without them).
# newsletter:
#   from: 一周动态 <news@example.org>
#   to: subscribers@example.org
#   reply_to: editor@example.org
`;

function packageJson({ folderName, toolVersion }: SiteFilesOptions): string {
  const pkg = {
    name: packageName(folderName),
    private: true,
    description: 'A weekly digest, built with weekly-digest',
    scripts: { build: 'digest build', dev: 'digest dev', check: 'digest check', new: 'digest new' },
    dependencies: { 'weekly-digest': `^${toolVersion}` },
    engines: { node: '>=20.19' },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** npm's rules: lower case, URL-safe, at most 214 characters. */
function packageName(folderName: string): string {
  const name = folderName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|-+$/g, '').slice(0, 214);
  return name === '' ? 'digest-site' : name;
}
