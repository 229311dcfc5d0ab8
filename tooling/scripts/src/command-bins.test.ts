import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repositoryRoot } from './repository-paths.js';

// The published commands' bin scripts, copied into an installed layout and a checkout layout.
const bins = [
  { command: 'gliznet', packageName: '@gliznet/sdk', source: join(repositoryRoot, 'packages', 'sdk', 'bin', 'gliznet.js') },
  { command: 'gliznet-batch', packageName: '@gliznet/batch', source: join(repositoryRoot, 'packages', 'batch', 'bin', 'gliznet-batch.js') },
];

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'gliznet-bin-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Copies the bin to `<packageDirectory>/bin/`, optionally with a stand-in dist/cli/main.js; runs it. */
async function runBin(source: string, packageDirectory: string, main: string | undefined) {
  await mkdir(join(packageDirectory, 'bin'), { recursive: true });
  const bin = join(packageDirectory, 'bin', 'command.js');
  await copyFile(source, bin);
  await writeFile(join(packageDirectory, 'package.json'), JSON.stringify({ type: 'module' }));
  if (main !== undefined) {
    await mkdir(join(packageDirectory, 'dist', 'cli'), { recursive: true });
    await writeFile(join(packageDirectory, 'dist', 'cli', 'main.js'), main);
  }
  return spawnSync(process.execPath, [bin, 'classify', '--help'], { encoding: 'utf8' });
}

describe.each(bins)('bin of $packageName', ({ command, packageName, source }) => {
  it('runs dist/cli/main.js of an installed package, with its arguments and no build hint', async () => {
    const installed = join(directory, 'project', 'node_modules', ...packageName.split('/'));
    const result = await runBin(source, installed, "process.stdout.write(`ran ${process.argv.slice(2).join(' ')}\\n`);\n");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('ran classify --help\n');
    expect(result.stderr).toBe('');
  });

  it('asks an installed package without dist/ to be reinstalled, not built', async () => {
    const installed = join(directory, 'project', 'node_modules', ...packageName.split('/'));
    const result = await runBin(source, installed, undefined);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${command}: ${join(installed, 'dist', 'cli', 'main.js')} is missing; reinstall ${packageName}`);
    expect(result.stderr).not.toMatch(/pnpm build/);
  });

  it('tells an unbuilt checkout to run pnpm build at the root, which builds the dependencies too', async () => {
    const checkout = join(directory, 'repo', 'packages', 'x');
    const result = await runBin(source, checkout, undefined);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/this repository checkout is not built: run `pnpm build` in the repository root/);
  });

  it('says the same when a workspace dependency has no dist/', async () => {
    const checkout = join(directory, 'repo', 'packages', 'x');
    // @gliznet/common linked in, as pnpm does in the workspace, but not built.
    await mkdir(join(checkout, 'node_modules', '@gliznet', 'common'), { recursive: true });
    await writeFile(join(checkout, 'node_modules', '@gliznet', 'common', 'package.json'), JSON.stringify({ name: '@gliznet/common', type: 'module', exports: { '.': './dist/index.js' } }));
    const result = await runBin(source, checkout, "import '@gliznet/common';\n");
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Cannot find module .*@gliznet[\\/]common[\\/]dist[\\/]index\.js/);
    expect(result.stderr).toMatch(/run `pnpm build` in the repository root/);
  });
});
