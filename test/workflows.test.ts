import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from './support/built-site.ts';
import { runDigest } from './support/digest-cli.ts';

interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; needs?: string; steps: Step[] }>;
}

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  id?: string;
}

async function workflow(name: string, root = REPO_ROOT): Promise<Workflow> {
  return parse(await readFile(path.join(root, '.github', 'workflows', name), 'utf8')) as Workflow;
}

/** The build restores and saves .digest-cache/ under a key of the tool's version and the lockfile. */
function assertKeepsCache(deploy: Workflow): void {
  const steps = Object.values(deploy.jobs).flatMap((job) => job.steps);
  const cacheAt = steps.findIndex((step) => step.uses?.startsWith('actions/cache@'));
  assert.ok(cacheAt >= 0, 'an actions/cache step (restores before the build, saves after the job)');
  const cache = steps[cacheAt]!;
  assert.equal(cache.with?.path, '.digest-cache');
  const versionStep = steps.find((step) => step.id && /digest(\.js)? --version/.test(step.run ?? ''));
  assert.ok(versionStep, 'a step that finds the tool version');
  assert.ok(cache.with?.key?.includes(`\${{ steps.${versionStep.id}.outputs.version }}`), `the key holds the tool version: ${cache.with?.key}`);
  assert.ok(cache.with?.key?.includes("hashFiles('package-lock.json')"), 'the key holds the lockfile');
  // Caches are immutable: a key of its own per run, restored from the latest with the same tool.
  assert.ok(cache.with?.key?.includes('${{ github.sha }}'));
  assert.ok(cache.with?.['restore-keys']?.trim() && (cache.with.key ?? '').startsWith(cache.with['restore-keys'].trim()));
  const buildAt = steps.findIndex((step) => /digest(\.js)? build/.test(step.run ?? ''));
  assert.ok(cacheAt < buildAt, 'the cache is restored before the build');
}

const runs = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps.map((step) => step.run ?? ''));
const uses = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps.map((step) => step.uses ?? ''));

describe('GitHub workflows', () => {
  it('checks pull requests: content check as annotations, type check, tests with Debian Chromium', async () => {
    const check = await workflow('check.yml');
    assert.ok('pull_request' in check.on);
    const commands = runs(check);
    assert.ok(commands.some((run) => /digest\.js check --format github/.test(run)));
    assert.ok(commands.includes('npm test'));
    assert.ok(commands.some((run) => /apt-get install .*chromium/.test(run)));
  });

  it('deploys main to GitHub Pages, built for the Pages base URL, with the official actions', async () => {
    const deploy = await workflow('deploy.yml');
    assert.deepEqual((deploy.on.push as { branches: string[] }).branches, ['main']);
    const steps = Object.values(deploy.jobs).flatMap((job) => job.steps);
    const pages = steps.find((step) => step.uses?.startsWith('actions/configure-pages@'));
    assert.ok(pages?.id);
    assert.ok(runs(deploy).some((run) => run.includes(`--base-url "\${{ steps.${pages.id}.outputs.base_url }}"`)));
    assert.equal(steps.find((step) => step.uses?.startsWith('actions/upload-pages-artifact@'))?.with?.path, 'dist');
    assert.ok(uses(deploy).some((action) => action.startsWith('actions/deploy-pages@')));
    const deployJob = Object.values(deploy.jobs).find((job) => job.steps.some((step) => step.uses?.startsWith('actions/deploy-pages@')))!;
    assert.deepEqual(deployJob.permissions, { pages: 'write', 'id-token': 'write' });
    assert.ok(deployJob.needs);
  });

  it('keeps the build cache between publishes', async () => {
    assertKeepsCache(await workflow('deploy.yml'));
  });
});

describe("the workflows of a site made by digest init", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'digest-init-workflows-'));
    const result = runDigest(['init', path.join(dir, 'site')]);
    assert.equal(result.status, 0, result.stderr);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('checks pull requests with annotations, using the installed tool', async () => {
    const check = await workflow('check.yml', path.join(dir, 'site'));
    assert.ok('pull_request' in check.on);
    const commands = runs(check);
    assert.ok(commands.includes('npm ci'));
    assert.ok(commands.includes('npx digest check --format github'));
    assert.ok(!commands.some((run) => /npm test|tsc/.test(run)), 'a site holds no tests of the tool');
  });

  it('deploys main to GitHub Pages for the Pages address, keeping the build cache', async () => {
    const deploy = await workflow('deploy.yml', path.join(dir, 'site'));
    assert.deepEqual((deploy.on.push as { branches: string[] }).branches, ['main']);
    const pages = Object.values(deploy.jobs).flatMap((job) => job.steps).find((step) => step.uses?.startsWith('actions/configure-pages@'));
    assert.ok(runs(deploy).includes(`npx digest build --base-url "\${{ steps.${pages?.id}.outputs.base_url }}"`));
    assert.ok(uses(deploy).some((action) => action.startsWith('actions/deploy-pages@')));
    assertKeepsCache(deploy);
  });
});
