/** What a result was measured on: machine, CPU, memory, load, runtime and library versions, commit. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot } from '../paths.js';

export interface RunEnvironment {
  os: string;
  arch: string;
  cpuModel: string;
  cpuCores: number;
  memoryBytes: number;
  /** 1, 5 and 15 minute load averages when the run started (other work on the machine skews timings). */
  loadAverage: number[];
  node: string;
  versions: Record<string, string | null>;
  gitCommit: string | null;
  /** True when the working tree had uncommitted changes. */
  gitDirty: boolean | null;
}

/** Packages whose versions the results record. */
export const RECORDED_PACKAGES = ['onnxruntime-node', '@tensorflow/tfjs-core', '@huggingface/transformers', 'vega', 'vega-lite', '@resvg/resvg-js'] as const;

const require = createRequire(import.meta.url);

/**
 * A dependency's version, found by walking up from its entry point to its package.json (works
 * despite exports maps). `from`: a file of the package whose dependency it is (default: the bench).
 */
export async function packageVersion(name: string, options: { from?: string } = {}): Promise<string | null> {
  let directory: string;
  try {
    directory = dirname((options.from === undefined ? require : createRequire(options.from)).resolve(name));
  } catch {
    return null;
  }
  for (;;) {
    try {
      const manifest = JSON.parse(await readFile(join(directory, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name) return manifest.version ?? null;
    } catch {
      // no package.json here: keep walking up
    }
    const parent = dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
}

async function git(args: string[]): Promise<string | null> {
  try {
    const { stdout } = await promisify(execFile)('git', args, { cwd: repositoryRoot, timeout: 5000 });
    return stdout.trim();
  } catch {
    return null;
  }
}

export async function collectRunEnvironment(): Promise<RunEnvironment> {
  const processors = cpus();
  const versions: Record<string, string | null> = {};
  for (const name of RECORDED_PACKAGES) versions[name] = await packageVersion(name);
  const benchManifest = JSON.parse(await readFile(join(repositoryRoot, 'apps', 'bench', 'package.json'), 'utf8')) as { version: string };
  versions['@gliznet/bench'] = benchManifest.version;
  const commit = await git(['rev-parse', 'HEAD']);
  const status = await git(['status', '--porcelain', '--untracked-files=no']);
  return {
    os: `${type()} ${release()}`,
    arch: process.arch,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cpuCores: processors.length,
    memoryBytes: totalmem(),
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
    node: process.version,
    versions,
    gitCommit: commit,
    gitDirty: status === null ? null : status !== '',
  };
}

/** One line for tables: "Intel Xeon ..., 2 cores, 24 GiB, Linux 6.1, Node v20.20.0". */
export function describeMachine(environment: RunEnvironment): string {
  const gibibytes = Math.round(environment.memoryBytes / 2 ** 30);
  return `${environment.cpuModel}, ${environment.cpuCores} cores, ${gibibytes} GiB, ${environment.os}, Node ${environment.node}`;
}
