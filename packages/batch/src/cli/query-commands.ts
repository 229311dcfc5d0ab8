/** `gliznet batch status | collect | retry | delete`. */
import { parseArgs } from 'node:util';
import { InvalidArgumentError, formatDuration } from '@gliznet/common';
import type { Redis } from 'ioredis';
import { collectBatch } from '../collect.js';
import { connectClient, parseRedisUrl } from '../connection.js';
import { deleteBatch, retryChunks } from '../manage.js';
import { getBatchStatus, listBatches, readBatchMeta, type BatchStatus } from '../status.js';
import type { BatchCliIo } from './io.js';

type Values = Record<string, string | boolean | string[] | undefined>;

function parse(command: string, argv: readonly string[], options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>): { values: Values; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: [...argv], options: { ...options, redis: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (error) {
    throw new InvalidArgumentError('arguments', `${(error as Error).message}. Run "gliznet batch ${command} --help" for the options.`);
  }
}

function batchIdArgument(command: string, positionals: readonly string[]): string {
  const [id, ...extra] = positionals;
  if (id === undefined) throw new InvalidArgumentError('batch id', `gliznet batch ${command} needs the batch id that submit printed: gliznet batch ${command} ID`);
  if (extra.length > 0) throw new InvalidArgumentError('batch id', `gliznet batch ${command} takes one batch id, got ${positionals.length}: ${positionals.join(' ')}`);
  return id;
}

async function withRedis<T>(values: Values, run: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = await connectClient(parseRedisUrl(values['redis'] as string | undefined));
  try {
    return await run(redis);
  } finally {
    redis.disconnect();
  }
}

function bar(fraction: number, width = 30): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0)}%`;
}

function rateText(status: BatchStatus): string {
  const parts = [`${status.rows.done}/${status.rows.total} rows`];
  if (status.rowsPerSecond !== null) parts.push(`${status.rowsPerSecond.toFixed(1)} rows/s`);
  if (status.elapsedSeconds !== null) parts.push(`elapsed ${formatDuration(status.elapsedSeconds)}`);
  if (status.etaSeconds !== null) parts.push(`ETA ${formatDuration(status.etaSeconds)}`);
  return parts.join('  ');
}

function chunkText(status: BatchStatus): string {
  const { chunks } = status;
  const parts = [`${chunks.done}/${chunks.total} done`, `${chunks.failed} failed`, `${chunks.waiting} waiting`, `${chunks.active} running`];
  if (chunks.retrying > 0) parts.push(`${chunks.retrying} waiting to retry`);
  if (chunks.missing > 0) parts.push(`${chunks.missing} missing`);
  return parts.join(', ');
}

/** The human-readable status (a bar when `tty`). */
export function formatStatus(status: BatchStatus, tty: boolean): string {
  const lines = [`batch ${status.id} (${status.input}, submitted ${status.createdAt})`, `state:   ${status.state}`, `chunks:  ${chunkText(status)}`, `rows:    ${rateText(status)}`];
  if (tty) lines.push(`         ${bar(status.rows.total === 0 ? 0 : status.rows.done / status.rows.total)}`);
  if (status.models.length > 0) lines.push(`models:  ${status.models.join(', ')}${status.models.length > 1 ? '  (more than one: collect will refuse)' : ''}`);
  if (status.workers.length > 0) lines.push(`workers: ${status.workers.length} (${status.workers.slice(0, 8).join(', ')}${status.workers.length > 8 ? ', ...' : ''})`);
  if (status.failures.length > 0) {
    lines.push('failed chunks:');
    for (const failed of status.failures.slice(0, 20)) {
      lines.push(`  chunk ${failed.index} (lines ${failed.firstLine}-${failed.lastLine}), ${failed.failure.attempts} attempt(s), ${failed.failure.code}:`);
      for (const messageLine of failed.failure.message.split('\n')) lines.push(`    ${messageLine.trim()}`);
    }
    if (status.failures.length > 20) lines.push(`  ... and ${status.failures.length - 20} more (--json lists them all)`);
  }
  if (status.missingChunks.length > 0) lines.push(`missing chunks (not on the queue): ${status.missingChunks.slice(0, 20).map((chunk) => chunk.index).join(', ')}${status.missingChunks.length > 20 ? ', ...' : ''}`);
  if (status.state === 'complete') lines.push(`collect: gliznet batch collect ${status.id} --output results.jsonl`);
  if (status.state === 'failed') lines.push(`retry after fixing the cause: gliznet batch retry ${status.id}`);
  return `${lines.join('\n')}\n`;
}

const delay = (milliseconds: number) => new Promise((resolveDelay) => setTimeout(resolveDelay, milliseconds));

export async function runStatusCommand(argv: readonly string[], io: BatchCliIo, help: string, signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parse('status', argv, { json: { type: 'boolean' }, watch: { type: 'boolean' }, interval: { type: 'string' } });
  if (values['help'] === true) {
    io.stdout.write(help);
    return 0;
  }
  const json = values['json'] === true;
  const interval = values['interval'] === undefined ? 2 : Number(values['interval']);
  if (!Number.isFinite(interval) || interval <= 0) throw new InvalidArgumentError('--interval', `--interval must be a positive number of seconds, got ${JSON.stringify(values['interval'])}`);
  return withRedis(values, async (redis) => {
    if (positionals.length === 0) {
      const ids = await listBatches(redis);
      if (json) {
        const metas = await Promise.all(ids.map((id) => readBatchMeta(redis, id)));
        io.stdout.write(`${JSON.stringify(metas.map((meta) => ({ id: meta.id, input: meta.input, createdAt: meta.createdAt, rows: meta.rows, chunks: meta.chunkCount })))}\n`);
      } else if (ids.length === 0) io.stdout.write('no batches in this Redis (gliznet batch submit --help)\n');
      else for (const id of ids) {
        const meta = await readBatchMeta(redis, id);
        io.stdout.write(`${id}  ${meta.rows} rows in ${meta.chunkCount} chunks  ${meta.input}  (${meta.createdAt})\n`);
      }
      return 0;
    }
    const id = batchIdArgument('status', positionals);
    const tty = io.stdout.isTTY === true;
    for (;;) {
      const status = await getBatchStatus(redis, id);
      const settled = status.state !== 'running' && status.state !== 'submitting';
      if (values['watch'] !== true || settled || signal?.aborted === true) {
        if (values['watch'] === true && tty && !json) io.stdout.write('\r\x1b[2K');
        io.stdout.write(json ? `${JSON.stringify(status)}\n` : formatStatus(status, tty));
        return values['watch'] === true && status.state !== 'complete' ? 1 : 0;
      }
      if (json) io.stdout.write(`${JSON.stringify(status)}\n`);
      else if (tty) io.stdout.write(`\r\x1b[2K${bar(status.rows.total === 0 ? 0 : status.rows.done / status.rows.total, 24)} ${rateText(status)}  chunks ${status.chunks.done}/${status.chunks.total}${status.chunks.failed > 0 ? `, ${status.chunks.failed} failed` : ''}`);
      else io.stdout.write(`${status.state}: chunks ${chunkText(status)}; ${rateText(status)}\n`);
      await delay(interval * 1000);
    }
  });
}

export async function runCollectCommand(argv: readonly string[], io: BatchCliIo, help: string): Promise<number> {
  const { values, positionals } = parse('collect', argv, { output: { type: 'string' }, 'allow-mixed-models': { type: 'boolean' } });
  if (values['help'] === true) {
    io.stdout.write(help);
    return 0;
  }
  const id = batchIdArgument('collect', positionals);
  const output = values['output'] as string | undefined;
  if (output === undefined || output === '') throw new InvalidArgumentError('--output', `gliznet batch collect needs --output FILE: gliznet batch collect ${id} --output results.jsonl`);
  return withRedis(values, async (redis) => {
    const result = await collectBatch(redis, id, output, { allowMixedModels: values['allow-mixed-models'] === true });
    io.stderr.write(`wrote ${result.rows} results (${result.chunks} chunks, ${result.bytes} bytes) of batch ${id} to ${output}\n`);
    return 0;
  });
}

export async function runRetryCommand(argv: readonly string[], io: BatchCliIo, help: string): Promise<number> {
  const { values, positionals } = parse('retry', argv, { chunk: { type: 'string', multiple: true } });
  if (values['help'] === true) {
    io.stdout.write(help);
    return 0;
  }
  const id = batchIdArgument('retry', positionals);
  const chunks = (values['chunk'] as string[] | undefined)?.map((value) => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError('--chunk', `--chunk must be a chunk index (0, 1, ...), got ${JSON.stringify(value)}`);
    return Number(value);
  });
  return withRedis(values, async (redis) => {
    const requeued = await retryChunks(redis, id, chunks);
    io.stderr.write(requeued.length === 0 ? `batch ${id}: no failed chunks to retry\n` : `batch ${id}: requeued ${requeued.length} chunk(s): ${requeued.join(', ')}\n`);
    return 0;
  });
}

export async function runDeleteCommand(argv: readonly string[], io: BatchCliIo, help: string): Promise<number> {
  const { values, positionals } = parse('delete', argv, {});
  if (values['help'] === true) {
    io.stdout.write(help);
    return 0;
  }
  const id = batchIdArgument('delete', positionals);
  return withRedis(values, async (redis) => {
    const removed = await deleteBatch(redis, id);
    io.stderr.write(`deleted batch ${id} (${removed} keys)\n`);
    return 0;
  });
}
