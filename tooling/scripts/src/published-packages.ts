/**
 * The workspace's published packages (every project pnpm lists that is not private), packing one
 * with `pnpm pack`, and what makes a packed manifest unusable outside this repository: a
 * `workspace:` (or `catalog:`, `link:`, `file:`) range pnpm did not rewrite, the in-repo
 * `@gliznet/source` export condition, an export outside `dist/` for a package that is built, or an
 * export or bin target missing from the tarball.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** A package.json, as far as these checks read it. */
export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  scripts?: Record<string, string>;
  exports?: unknown;
  bin?: string | Record<string, string>;
  files?: string[];
  publishConfig?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export interface WorkspacePackage {
  name: string;
  version: string;
  /** Absolute path of the package directory. */
  directory: string;
}

/** The in-repo export condition (see docs/decisions): must never reach a published manifest. */
export const SOURCE_CONDITION = '@gliznet/source';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
const LOCAL_PROTOCOLS = ['workspace:', 'catalog:', 'link:', 'file:'];

function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined) throw new Error(`${command} ${args.join(' ')} could not start in ${cwd}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** Every non-private project of the workspace at `root`, as `pnpm ls -r` lists them (the root excluded). */
export function listPublishedPackages(root: string): WorkspacePackage[] {
  const listed = JSON.parse(run('pnpm', ['ls', '-r', '--depth', '-1', '--json'], root)) as Array<{ name?: string; version?: string; path: string; private?: boolean }>;
  return listed
    .filter((project) => project.private !== true && project.path !== root && project.name !== undefined && project.version !== undefined)
    .map((project) => ({ name: project.name as string, version: project.version as string, directory: project.path }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Packs `directory` with `pnpm pack` (lifecycle scripts included) into a new folder under
 * `destinationRoot`; returns the tarball's path.
 */
export async function packPackage(directory: string, destinationRoot: string): Promise<string> {
  const destination = await mkdtemp(join(destinationRoot, 'pack-'));
  run('pnpm', ['pack', '--pack-destination', destination], directory);
  const tarballs = (await readdir(destination)).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`pnpm pack in ${directory} wrote ${tarballs.length} tarballs to ${destination}, expected 1`);
  return join(destination, tarballs[0] as string);
}

/** Every target string of an `exports` value, with the condition path that leads to it. */
export function exportTargets(exports: unknown, path: string[] = []): Array<{ path: string[]; target: string }> {
  if (typeof exports === 'string') return [{ path, target: exports }];
  if (Array.isArray(exports)) return exports.flatMap((entry) => exportTargets(entry, path));
  if (exports === null || typeof exports !== 'object') return [];
  return Object.entries(exports).flatMap(([key, value]) => exportTargets(value, [...path, key]));
}

/** `exports` with every SOURCE_CONDITION entry removed: what publishConfig.exports must be. */
export function withoutSourceCondition(exports: unknown): unknown {
  if (Array.isArray(exports)) return exports.map(withoutSourceCondition);
  if (exports === null || typeof exports !== 'object') return exports;
  return Object.fromEntries(Object.entries(exports).filter(([key]) => key !== SOURCE_CONDITION).map(([key, value]) => [key, withoutSourceCondition(value)]));
}

/** Targets of `bin`, by command name. */
export function binTargets(manifest: PackageManifest): Array<{ command: string; target: string }> {
  if (manifest.bin === undefined) return [];
  if (typeof manifest.bin === 'string') return [{ command: manifest.name.replace(/^@[^/]+\//, ''), target: manifest.bin }];
  return Object.entries(manifest.bin).map(([command, target]) => ({ command, target }));
}

function inTarball(target: string): string {
  return `package/${target.replace(/^\.\//, '')}`;
}

/**
 * What is wrong with a packed manifest for a user outside this repository (empty when nothing).
 * `built`: the package has a build script, so its exports must point into dist/. `tarballFiles`:
 * the tarball's paths (`package/...`); when given, every export and bin target must be among them.
 */
export function packedManifestProblems(manifest: PackageManifest, options: { built: boolean; tarballFiles?: ReadonlySet<string> }): string[] {
  const problems: string[] = [];
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (LOCAL_PROTOCOLS.some((protocol) => range.startsWith(protocol))) problems.push(`${field}.${name} is "${range}", which only resolves inside this workspace`);
    }
  }
  if (manifest.publishConfig?.['exports'] !== undefined) problems.push('publishConfig.exports was not applied: pack with pnpm, which replaces exports with it');
  if (manifest.exports === undefined) problems.push('has no exports');
  for (const { path, target } of exportTargets(manifest.exports)) {
    const where = `exports${path.map((key) => `["${key}"]`).join('')}`;
    if (path.includes(SOURCE_CONDITION)) problems.push(`${where} is the in-repo ${SOURCE_CONDITION} condition (${target}); give the package publishConfig.exports without it`);
    else if (options.built && !target.startsWith('./dist/')) problems.push(`${where} is ${target}, outside dist/`);
    if (options.tarballFiles !== undefined && !path.includes(SOURCE_CONDITION) && !options.tarballFiles.has(inTarball(target))) {
      problems.push(`${where} is ${target}, which is not in the tarball${options.built ? ' (build first)' : ''}`);
    }
  }
  for (const { command, target } of binTargets(manifest)) {
    if (options.tarballFiles !== undefined && !options.tarballFiles.has(inTarball(target))) problems.push(`bin.${command} is ${target}, which is not in the tarball`);
  }
  return problems;
}
