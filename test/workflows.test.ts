import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from './support/built-site.ts';

interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; needs?: string; steps: { uses?: string; run?: string; with?: Record<string, string>; id?: string }[] }>;
}

async function workflow(name: string): Promise<Workflow> {
  return parse(await readFile(path.join(REPO_ROOT, '.github', 'workflows', name), 'utf8')) as Workflow;
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
});
