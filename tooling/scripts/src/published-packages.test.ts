import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binTargets, exportTargets, listPublishedPackages, packPackage, packedManifestProblems, withoutSourceCondition, type PackageManifest } from './published-packages.js';
import { repositoryRoot } from './repository-paths.js';
import { readTarball } from './tarball.js';

describe('packedManifestProblems', () => {
  const good: PackageManifest = {
    name: '@gliznet/x',
    version: '1.0.0',
    exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
    bin: { x: './bin/x.js' },
    dependencies: { '@gliznet/common': '0.1.0', 'onnxruntime-node': '1.30.0' },
  };
  const files = new Set(['package/package.json', 'package/dist/index.d.ts', 'package/dist/index.js', 'package/bin/x.js']);

  it('accepts exports into dist that are in the tarball and plain ranges', () => {
    expect(packedManifestProblems(good, { built: true, tarballFiles: files })).toEqual([]);
  });

  it('names each workspace range, the source condition, exports outside dist and missing files', () => {
    const bad: PackageManifest = {
      ...good,
      exports: { '.': { '@gliznet/source': './src/index.ts', types: './dist/index.d.ts', import: './lib/index.js' } },
      dependencies: { '@gliznet/common': 'workspace:*' },
      devDependencies: { '@gliznet/vitest-config': 'workspace:^' },
      bin: { x: './bin/missing.js' },
    };
    expect(packedManifestProblems(bad, { built: true, tarballFiles: files })).toEqual([
      'dependencies.@gliznet/common is "workspace:*", which only resolves inside this workspace',
      'devDependencies.@gliznet/vitest-config is "workspace:^", which only resolves inside this workspace',
      'exports["."]["@gliznet/source"] is the in-repo @gliznet/source condition (./src/index.ts); give the package publishConfig.exports without it',
      'exports["."]["import"] is ./lib/index.js, outside dist/',
      'exports["."]["import"] is ./lib/index.js, which is not in the tarball (build first)',
      'bin.x is ./bin/missing.js, which is not in the tarball',
    ]);
  });

  it('lets a package without a build export files outside dist', () => {
    const model: PackageManifest = { name: 'm', version: '1.0.0', exports: { '.': './index.js', './package.json': './package.json' } };
    expect(packedManifestProblems(model, { built: false, tarballFiles: new Set(['package/index.js', 'package/package.json']) })).toEqual([]);
  });
});

/** dist/a/b.js or dist/a/b.d.ts -> src/a/b.ts, what tsconfig.build.json (rootDir src, outDir dist) compiles to it. */
function sourceOf(target: string): string {
  return target.replace(/^\.\/dist\//, 'src/').replace(/(\.d)?\.js$|\.d\.ts$/, '.ts');
}

describe('every published package of the workspace, as pnpm packs it', () => {
  const packages = listPublishedPackages(repositoryRoot);
  const manifests = new Map(packages.map((entry) => [entry.name, JSON.parse(readFileSync(join(entry.directory, 'package.json'), 'utf8')) as PackageManifest]));
  const built = packages.filter((entry) => manifests.get(entry.name)?.scripts?.['build'] !== undefined);
  let destination: string;
  beforeAll(async () => {
    destination = await mkdtemp(join(tmpdir(), 'gliznet-pack-test-'));
  });
  afterAll(async () => {
    await rm(destination, { recursive: true, force: true });
  });

  it('includes the SDK, its dependencies and the default model package (the list comes from pnpm)', () => {
    expect(packages.map((entry) => entry.name)).toEqual(expect.arrayContaining(['@gliznet/sdk', '@gliznet/common', '@gliznet/tokenizer', '@gliznet/model-gliznet-minilm', '@gliznet/model-gliznet-use-lite']));
    expect(packages.every((entry) => entry.directory.startsWith(join(repositoryRoot, 'packages')))).toBe(true);
  });

  it.each(built.map((entry) => [entry.name, entry] as const))('%s: no workspace ranges, exports only into dist, built from sources that exist', async (_name, entry) => {
    const files = await readTarball(await packPackage(entry.directory, destination));
    const packed = JSON.parse((files.get('package/package.json') as Buffer).toString('utf8')) as PackageManifest;
    expect(packedManifestProblems(packed, { built: true })).toEqual([]);
    // dist/ may not be built in a test run: each export must be what the build makes of a source file.
    const buildConfigPath = join(entry.directory, 'tsconfig.build.json');
    expect(existsSync(buildConfigPath), `${buildConfigPath}: a package with a build script compiles src/ to dist/ with it`).toBe(true);
    const buildConfig = JSON.parse(readFileSync(buildConfigPath, 'utf8')) as { compilerOptions?: { rootDir?: string; outDir?: string } };
    expect(buildConfig.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
    for (const { target } of exportTargets(packed.exports)) expect(existsSync(join(entry.directory, sourceOf(target))), `${target} <- ${sourceOf(target)}`).toBe(true);
    expect(packed.files).toContain('dist');
    // The in-repo condition stays for development, and the published exports are the same minus it
    // (a subpath added to exports but not to publishConfig.exports would be missing from the package).
    const workspaceManifest = manifests.get(entry.name) as PackageManifest;
    expect(JSON.stringify(workspaceManifest.exports)).toContain('@gliznet/source');
    expect(packed.exports).toEqual(withoutSourceCondition(workspaceManifest.exports));
    // A bin is plain JavaScript shipped as is.
    for (const { target } of binTargets(packed)) expect([...files.keys()]).toContain(`package/${target.replace(/^\.\//, '')}`);
  }, 120_000);

  it.each(['@gliznet/model-gliznet-minilm', '@gliznet/model-gliznet-use-lite'])('the model package %s exports its files and package.json (how @gliznet/sdk finds it) and ships model/', (name) => {
    const model = manifests.get(name) as PackageManifest;
    expect(packedManifestProblems(model, { built: false })).toEqual([]);
    expect((model.exports as Record<string, unknown>)['./package.json']).toBe('./package.json');
    expect(model.files).toEqual(expect.arrayContaining(['index.js', 'index.d.ts', 'model']));
    for (const { target } of exportTargets(model.exports)) {
      const directory = packages.find((entry) => entry.name === model.name)?.directory as string;
      expect(existsSync(join(directory, target)), target).toBe(true);
    }
    expect(model.scripts?.['prepack']).toMatch(/copy-model-files\.js/);
    expect(model.scripts?.['postpack']).toMatch(/copy-model-files\.js --clean/);
  });
});
