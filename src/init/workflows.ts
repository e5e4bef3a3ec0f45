// The GitHub workflows of a new site: check every pull request (problems as annotations on the
// changed lines), and build and publish to GitHub Pages on every push to main, keeping the build
// cache between runs. Pure text.

/** The first steps of both jobs: the site's repository, Node and the locked weekly-digest. */
const INSTALL_STEPS = `      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - name: Install weekly-digest
        run: npm ci
`;

export function checkWorkflow(): string {
  return `# Every pull request: check the content; problems show as annotations on the changed lines.
name: Check

on:
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: check-\${{ github.ref }}
  cancel-in-progress: true

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
${INSTALL_STEPS}      - name: Check the content
        run: npx digest check --format github
      # A build catches what only rendering shows (a broken template of the site's own).
      - name: Build
        run: npx digest build --drafts --no-cache
`;
}

export function deployWorkflow(): string {
  return `# Every push to main: build the site for its GitHub Pages address and publish it. Enable it
# once under Settings > Pages > Source: GitHub Actions. The build cache (.digest-cache/) is kept
# between runs, so a publish renders only what changed; its key changes with the tool's version
# and the lockfile, and a new tool starts from a cold build.
name: Deploy to GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read

# One deployment at a time; a newer push waits rather than cancelling one in progress.
concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
${INSTALL_STEPS}      - name: Find the tool's version
        id: tool
        run: echo "version=$(npx --no -- digest --version)" >> "$GITHUB_OUTPUT"
      - name: Restore the build cache
        uses: actions/cache@v4
        with:
          path: .digest-cache
          key: digest-cache-\${{ steps.tool.outputs.version }}-\${{ hashFiles('package-lock.json') }}-\${{ github.sha }}
          restore-keys: |
            digest-cache-\${{ steps.tool.outputs.version }}-\${{ hashFiles('package-lock.json') }}-
      - name: Find the Pages address
        id: pages
        uses: actions/configure-pages@v5
      # Every link, feed and sitemap URL is made under the Pages address.
      - name: Build the site
        run: npx digest build --base-url "\${{ steps.pages.outputs.base_url }}"
      - name: Upload the site
        uses: actions/upload-pages-artifact@v4
        with:
          path: dist

  deploy:
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: \${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Publish to GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v4
`;
}
