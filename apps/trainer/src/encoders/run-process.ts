/** Runs a command to completion, collecting stdout and stderr together (what pip and the conversion step print). */
import { spawn } from 'node:child_process';

export interface ProcessResult {
  /** Exit code; null when the process could not start. */
  code: number | null;
  output: string;
  spawnError?: NodeJS.ErrnoException;
}

export function runProcess(command: string, args: readonly string[]): Promise<ProcessResult> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', (error: NodeJS.ErrnoException) => resolve({ code: null, output, spawnError: error }));
    child.on('close', (code) => resolve({ code, output }));
  });
}
