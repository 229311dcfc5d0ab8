/**
 * A private redis-server for tests and benchmarks: the `redis-server` binary (Debian: apt-get
 * install -y redis-server) on a free loopback port (never 6379, never a non-loopback address), with
 * its own temporary directory, append-only file on and fsync on every write. Not for production:
 * run Redis as a service there (docs/batch.md).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@gliznet/common';

export interface LocalRedisServer {
  url: string;
  port: number;
  directory: string;
  /** Stops the server cleanly (SIGTERM: it writes its append-only file and exits). */
  stop(): Promise<void>;
  /** Starts it again on the same port and directory (after `stop`). */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  dispose(): Promise<void>;
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, rejectPort) => {
    const server = createServer();
    server.once('error', rejectPort);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port === 6379 || port === 0 ? freeLoopbackPort().then(resolvePort, rejectPort) : resolvePort(port)));
    });
  });
}

function launch(port: number, directory: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--dir', directory, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--daemonize', 'no', '--logfile', '', '--maxmemory-policy', 'noeviction'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolveLaunch, rejectLaunch) => {
    let output = '';
    const onData = (data: Buffer): void => {
      output += data.toString();
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolveLaunch(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
    child.once('error', (error) => rejectLaunch(new ConfigurationError(`cannot start redis-server (${error.message}); install it: apt-get install -y redis-server`, { cause: error })));
    child.once('exit', (code) => rejectLaunch(new ConfigurationError(`redis-server on 127.0.0.1:${port} exited with code ${String(code)} before it was ready:\n${output}`)));
  });
}

function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    child.once('exit', () => resolveStop());
    child.kill('SIGTERM');
  });
}

/** Starts a private redis-server; `dispose()` stops it and removes its directory. */
export async function startLocalRedisServer(): Promise<LocalRedisServer> {
  const directory = await mkdtemp(join(tmpdir(), 'gliznet-batch-redis-'));
  let port = 0;
  let child: ChildProcess | undefined;
  for (let attempt = 0; child === undefined; attempt += 1) {
    port = await freeLoopbackPort();
    try {
      child = await launch(port, directory);
    } catch (error) {
      if (attempt >= 4 || !String((error as Error).message).includes('exited')) {
        await rm(directory, { recursive: true, force: true });
        throw error;
      }
      // the port was taken in between: try another
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    directory,
    stop: async () => {
      await stopChild(child);
    },
    start: async () => {
      child = await launch(port, directory);
    },
    dispose: async () => {
      await stopChild(child);
      await rm(directory, { recursive: true, force: true });
    },
  };
}
