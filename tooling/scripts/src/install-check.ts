/**
 * `pnpm check:install`: uses the SDK the way a user outside this repository does, until the
 * packages are published. Builds the workspace (`pnpm build`), packs every published package
 * (`pnpm pack`) and checks each packed manifest (no `workspace:` ranges, exports into dist/ that
 * are in the tarball), then `npm install`s the tarballs of @gliznet/sdk, its @gliznet dependencies
 * and the model package into an empty folder and, with the network off, runs a five-line ESM script
 * that classifies a text with `ZeroShotClassifier.fromPretrained()` and `npx gliznet classify`.
 *
 * `npm install` fetches the third-party dependencies (onnxruntime-node, tokenizers) from the npm
 * registry: a set-up step. Everything after it runs in a network namespace without network
 * (`unshare --net`, when the kernel allows it; else npm's offline mode only, said in the output).
 * This is a set-up check, not a unit test: it needs the registry and takes a few minutes.
 *
 *   pnpm check:install [--keep] [--skip-build] [--dir /tmp/somewhere]
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { formatHelp, parseCommandLine, type CommandSpec } from '@gliznet/common';
import { listPublishedPackages, packPackage, packedManifestProblems, type PackageManifest, type WorkspacePackage } from './published-packages.js';
import { repositoryRoot } from './repository-paths.js';
import { readTarball } from './tarball.js';

const spec: CommandSpec = {
  name: 'pnpm check:install',
  summary: 'Packs the published packages, installs the SDK and the default model from the tarballs into an empty folder and classifies offline.',
  options: {
    dir: { type: 'string', description: 'work folder (tarballs and the empty project); default: a new folder under the system temp directory', placeholder: '<dir>' },
    keep: { type: 'boolean', default: false, description: 'keep the work folder afterwards' },
    'skip-build': { type: 'boolean', default: false, description: 'do not run `pnpm build` first (dist/ must be current)' },
    help: { type: 'boolean', short: 'h', default: false, description: 'show this help' },
  },
  examples: ['pnpm check:install', 'pnpm check:install --keep --dir /tmp/gliznet-install'],
};

const SDK_PACKAGE = '@gliznet/sdk';
const MODEL_PACKAGE = '@gliznet/model-gliznet-minilm';
const SAMPLE_TEXT = 'The striker scored twice as United beat City in the derby.';

/** A five-line script like the README's, as a user would write it. */
const USER_SCRIPT = `import { ZeroShotClassifier } from '@gliznet/sdk';
const classifier = await ZeroShotClassifier.fromPretrained();
const result = await classifier.classify(${JSON.stringify(SAMPLE_TEXT)}, ['sports', 'business', 'politics']);
console.log(JSON.stringify(result));
await classifier.dispose();
`;

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The environment of every command run in the empty folder: no model directory, no CUDA download. */
function userEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env, ONNXRUNTIME_NODE_INSTALL_CUDA: 'skip', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  delete environment['GLIZNET_MODEL_DIR'];
  // Set by pnpm and its bin shims: NODE_PATH would let require() find the workspace's packages and
  // hide a dependency missing from a tarball; the others make npm behave as if inside the workspace.
  for (const key of Object.keys(environment)) if (key === 'NODE_PATH' || key.startsWith('npm_package_') || key === 'npm_config_user_agent' || key === 'INIT_CWD') delete environment[key];
  return environment;
}

/** Runs a command with its output shown, as a transcript line `$ command`; throws when it fails. */
function step(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; capture?: boolean }): SpawnSyncReturns<string> {
  log(`$ (cd ${options.cwd} && ${[command, ...args].map((part) => (/^[\w@./:=,-]+$/.test(part) ? part : JSON.stringify(part))).join(' ')})`);
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    stdio: options.capture === true ? ['ignore', 'pipe', 'pipe'] : ['ignore', 2, 2], // the child's output is this check's log
    maxBuffer: 64 * 1024 * 1024,
  });
  if (options.capture === true) {
    for (const [output, mark] of [[result.stdout, '|'], [result.stderr, '!']] as const) {
      if (output.trim() !== '') log(output.replace(/\n$/, '').replace(/^/gm, `  ${mark} `));
    }
  }
  if (result.error !== undefined) throw new Error(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  return result;
}

/** `unshare --net` when this kernel lets this user create a network namespace, else undefined. */
function networkOffPrefix(): string[] | undefined {
  for (const prefix of [['unshare', '--net'], ['unshare', '--map-root-user', '--net']]) {
    const probe = spawnSync(prefix[0] as string, [...prefix.slice(1), 'true'], { stdio: 'ignore' });
    if (probe.status === 0) return prefix;
  }
  return undefined;
}

/** @gliznet/sdk and every published package it depends on, transitively (from the packed manifests). */
function sdkClosure(manifests: ReadonlyMap<string, PackageManifest>): string[] {
  const wanted = new Set<string>();
  const visit = (name: string): void => {
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const dependency of Object.keys(manifests.get(name)?.dependencies ?? {})) if (manifests.has(dependency)) visit(dependency);
  };
  visit(SDK_PACKAGE);
  return [...wanted];
}

async function main(): Promise<number> {
  const { values } = parseCommandLine(process.argv.slice(2), spec);
  if (values['help'] === true) {
    process.stdout.write(formatHelp(spec));
    return 0;
  }
  const given = typeof values['dir'] === 'string' ? values['dir'] : undefined;
  const work = given ?? (await mkdtemp(join(tmpdir(), 'gliznet-install-check-')));
  await mkdir(work, { recursive: true });
  // A folder the caller named is kept; only what this check wrote into it is removed.
  const cleanUp = given === undefined ? [work] : [join(work, 'tarballs'), join(work, 'project')];
  try {
    if (values['skip-build'] !== true) step('pnpm', ['build'], { cwd: repositoryRoot });

    // Pack every published package and check what a user would receive.
    const packages: WorkspacePackage[] = listPublishedPackages(repositoryRoot);
    log(`published packages (pnpm ls -r, not private): ${packages.map((entry) => entry.name).join(', ')}`);
    const tarballDirectory = join(work, 'tarballs');
    await mkdir(tarballDirectory, { recursive: true });
    const tarballs = new Map<string, string>();
    const manifests = new Map<string, PackageManifest>();
    const problems: string[] = [];
    for (const entry of packages) {
      log(`$ (cd ${entry.directory} && pnpm pack --pack-destination ${tarballDirectory}/...)`);
      const tarball = await packPackage(entry.directory, tarballDirectory);
      const files = await readTarball(tarball);
      const manifestText = files.get('package/package.json');
      if (manifestText === undefined) throw new Error(`${tarball} has no package/package.json`);
      const manifest = JSON.parse(manifestText.toString('utf8')) as PackageManifest;
      const built = manifest.scripts?.['build'] !== undefined;
      const bytes = [...files.values()].reduce((sum, body) => sum + body.length, 0);
      log(`  ${tarball.split(sep).pop()}: ${(await stat(tarball)).size.toLocaleString('en-US')} bytes, ${files.size} files, ${bytes.toLocaleString('en-US')} bytes unpacked`);
      problems.push(...packedManifestProblems(manifest, { built, tarballFiles: new Set(files.keys()) }).map((problem) => `${entry.name}: ${problem}`));
      tarballs.set(entry.name, tarball);
      manifests.set(entry.name, manifest);
    }
    if (problems.length > 0) throw new Error(`packed manifests cannot be used outside the repository:\n  - ${problems.join('\n  - ')}`);
    if (!manifests.has(MODEL_PACKAGE)) throw new Error(`${MODEL_PACKAGE} is not among the published packages`);

    // An empty project, as a user would start one, and the tarballs installed into it.
    const project = join(work, 'project');
    await rm(project, { recursive: true, force: true });
    await mkdir(project, { recursive: true });
    const environment = userEnvironment();
    step('npm', ['init', '-y'], { cwd: project, env: environment, capture: true });
    const install = [...sdkClosure(manifests), MODEL_PACKAGE].map((name) => tarballs.get(name) as string);
    step('npm', ['install', ...install], { cwd: project, env: environment });
    await writeFile(join(project, 'classify.mjs'), USER_SCRIPT);
    log(`wrote ${join(project, 'classify.mjs')}:\n${USER_SCRIPT.replace(/\n$/, '').replace(/^/gm, '  > ')}`);

    // From here on nothing may download.
    const offline = networkOffPrefix();
    const offlineEnvironment: NodeJS.ProcessEnv = { ...environment, npm_config_offline: 'true' };
    log(offline === undefined ? 'network namespace unavailable (unshare --net failed): running with npm offline mode only' : `network off: running under ${offline.join(' ')}`);
    const runOffline = (command: string, args: string[]) =>
      step(offline?.[0] ?? command, offline === undefined ? args : [...offline.slice(1), command, ...args], { cwd: project, env: offlineEnvironment, capture: true });

    const scripted = JSON.parse(runOffline('node', ['classify.mjs']).stdout) as { labels: string[]; scores: number[] };
    const failures: string[] = [];
    if (scripted.labels.length !== 3 || scripted.scores.length !== 3) failures.push(`classify.mjs returned ${scripted.labels.length} labels and ${scripted.scores.length} scores, expected 3`);
    if (scripted.labels[0] !== 'sports') failures.push(`classify.mjs ranked ${String(scripted.labels[0])} first for a football text, expected sports`);
    if (Math.abs(scripted.scores.reduce((sum, score) => sum + score, 0) - 1) > 1e-4) failures.push(`classify.mjs scores sum to ${scripted.scores.reduce((sum, score) => sum + score, 0)}, expected 1`);

    const cli = runOffline('npx', ['gliznet', 'classify', SAMPLE_TEXT, '--labels', 'sports,business']).stdout;
    const printed = [...cli.matchAll(/^\s+(sports|business)\s+[0-9.]+$/gm)].map((match) => match[1]);
    if (printed.join(',') !== 'sports,business') failures.push(`npx gliznet classify printed ${printed.join(',') || 'no label lines'}, expected sports then business:\n${cli}`);
    const info = JSON.parse(runOffline('npx', ['gliznet', 'info', '--json']).stdout) as { modelDirectory?: string };
    const expected = join(project, 'node_modules', ...MODEL_PACKAGE.split('/'), 'model');
    if (info.modelDirectory !== expected) failures.push(`gliznet info used ${String(info.modelDirectory)}, expected the installed model package at ${expected}`);
    if (failures.length > 0) throw new Error(`the installed SDK does not work:\n  - ${failures.join('\n  - ')}`);

    process.stdout.write(`install check passed: ${install.length} tarballs installed into ${project}; classify.mjs and npx gliznet ran ${offline === undefined ? 'with npm offline' : 'without network'} on ${expected}\n`);
    return 0;
  } finally {
    if (values['keep'] === true) log(`kept ${work}`);
    else for (const path of cleanUp) await rm(path, { recursive: true, force: true });
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`check:install failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
