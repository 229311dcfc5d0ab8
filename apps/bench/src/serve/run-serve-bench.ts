/**
 * `pnpm bench serve`: the HTTP server against the in-process SDK on the same texts and labels.
 *
 * 1. In-process: `classify(chunk, labels, { batchSize })` on consecutive chunks of `maxBatch` texts
 *    for `durationS` seconds (after a warm-up): the SDK's texts/s at saturation.
 * 2. The server (`gliznet serve`, a child process from the TypeScript sources) under `clients`
 *    closed-loop clients on loopback (undici), each sending one request after another: texts/s,
 *    p50/p95/p99 latency, errors by status.
 *    Phases 1 and 2 alternate for `repetitions` rounds (medians reported), so load from other work
 *    on the machine hits both alike.
 * 3. Overload: open-loop arrivals at `overloadFactor` x the throughput measured in 2, for
 *    `durationS` seconds: how many requests the queue sheds (503) and the latency of the accepted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ZeroShotClassifier } from '@gliznet/sdk';
import { Pool } from 'undici';
import { repositoryRoot } from '../paths.js';
import { quantile } from '../speed/statistics.js';

export interface ServeBenchSettings {
  model: string;
  texts: readonly string[];
  labels: readonly string[];
  threads: number;
  clients: number;
  durationS: number;
  warmupS: number;
  textsPerRequest: number;
  maxBatch: number;
  maxWaitMs: number;
  maxQueue: number;
  overloadFactor: number;
  /** Rounds of in-process then server saturation, interleaved (medians reported). */
  repetitions: number;
  /** Most requests in flight during the overload phase (the client's own bound). */
  overloadConnections: number;
  log: (line: string) => void;
}

export interface LoadPhaseResult {
  requests: number;
  ok: number;
  /** Answers by status code, and `network` for requests that got no answer. */
  statuses: Record<string, number>;
  seconds: number;
  textsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number } | null;
}

export interface ServeBenchResults {
  /** The repetition with the median in-process texts/s. */
  inProcess: { texts: number; seconds: number; textsPerSecond: number };
  /** The repetition with the median server texts/s. */
  saturation: LoadPhaseResult & { clients: number };
  /** Every repetition, in the order run. */
  rounds: { inProcessTextsPerSecond: number; serverTextsPerSecond: number; serverP99Ms: number | null; nonOk: number }[];
  overload: LoadPhaseResult & { offeredRequestsPerSecond: number; shedShare: number; clientDropped: number };
  /** Server texts/s over in-process texts/s, each pooled over every round. */
  serverToInProcess: number;
  pooled: { inProcessTextsPerSecond: number; serverTextsPerSecond: number };
  /** Means over the server's batches, from its /metrics after the saturation phase. */
  batches: { count: number; meanTexts: number; meanRequests: number } | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measureInProcess(classifier: ZeroShotClassifier, settings: ServeBenchSettings): Promise<ServeBenchResults['inProcess']> {
  {
    const chunks: string[][] = [];
    for (let start = 0; start < settings.texts.length; start += settings.maxBatch) chunks.push(settings.texts.slice(start, start + settings.maxBatch));
    const run = async (seconds: number): Promise<{ texts: number; seconds: number }> => {
      let texts = 0;
      let index = 0;
      const started = performance.now();
      while (performance.now() - started < seconds * 1000) {
        const chunk = chunks[index % chunks.length] as string[];
        await classifier.classify(chunk, settings.labels, { batchSize: settings.maxBatch });
        texts += chunk.length;
        index += 1;
      }
      return { texts, seconds: (performance.now() - started) / 1000 };
    };
    await run(settings.warmupS);
    const measured = await run(settings.durationS);
    return { ...measured, textsPerSecond: measured.texts / measured.seconds };
  }
}

function medianBy<T>(items: readonly T[], key: (item: T) => number): T {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)] as T;
}

async function startServer(settings: ServeBenchSettings): Promise<{ child: ChildProcess; url: string }> {
  const entry = join(repositoryRoot, 'packages', 'server', 'src', 'cli', 'main.ts');
  const args = ['--import', 'tsx', '--conditions=@gliznet/source', entry, '--model', settings.model, '--port', '0', '--threads', String(settings.threads),
    '--max-batch', String(settings.maxBatch), '--max-wait-ms', String(settings.maxWaitMs), '--max-queue', String(settings.maxQueue)];
  const child = spawn(process.execPath, args, { cwd: repositoryRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const started = performance.now();
  while (performance.now() - started < 120_000) {
    const listening = /listening on (http:\/\/[^\s]+)/.exec(stderr);
    if (listening !== null && /ready: /.test(stderr)) return { child, url: listening[1] as string };
    if (child.exitCode !== null) throw new Error(`gliznet serve exited with ${child.exitCode}:\n${stderr}`);
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`gliznet serve was not ready after 120 s:\n${stderr}`);
}

function summarize(latencies: number[], statuses: Record<string, number>, seconds: number, textsPerRequest: number): LoadPhaseResult {
  const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
  const ok = statuses['200'] ?? 0;
  return {
    requests,
    ok,
    statuses,
    seconds,
    textsPerSecond: (ok * textsPerRequest) / seconds,
    latencyMs: latencies.length === 0 ? null : { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), p99: quantile(latencies, 0.99), max: Math.max(...latencies) },
  };
}

/** Sends one request; returns its status (or 'network') and its latency in milliseconds. */
async function send(pool: Pool, body: string): Promise<{ status: string; ms: number }> {
  const started = performance.now();
  try {
    const response = await pool.request({ path: '/', method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await response.body.text();
    return { status: String(response.statusCode), ms: performance.now() - started };
  } catch {
    return { status: 'network', ms: performance.now() - started };
  }
}

function makeBodies(settings: ServeBenchSettings): string[] {
  const bodies: string[] = [];
  for (let start = 0; start + settings.textsPerRequest <= settings.texts.length; start += settings.textsPerRequest) {
    const inputs = settings.textsPerRequest === 1 ? settings.texts[start] : settings.texts.slice(start, start + settings.textsPerRequest);
    bodies.push(JSON.stringify({ inputs, parameters: { candidate_labels: settings.labels } }));
  }
  return bodies;
}

async function closedLoop(pool: Pool, bodies: readonly string[], settings: ServeBenchSettings, seconds: number): Promise<LoadPhaseResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: settings.clients }, async () => {
      while (performance.now() < deadline) {
        const outcome = await send(pool, bodies[next++ % bodies.length] as string);
        statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
        if (outcome.status === '200') latencies.push(outcome.ms);
      }
    }),
  );
  return summarize(latencies, statuses, (performance.now() - started) / 1000, settings.textsPerRequest);
}

async function openLoop(pool: Pool, bodies: readonly string[], settings: ServeBenchSettings, requestsPerSecond: number): Promise<LoadPhaseResult & { clientDropped: number }> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const pending = new Set<Promise<void>>();
  let clientDropped = 0;
  let sent = 0;
  const started = performance.now();
  const total = Math.round(requestsPerSecond * settings.durationS);
  while (sent < total) {
    // Arrivals on a fixed schedule, whatever the answers: request i leaves at i / rate seconds.
    const due = started + (sent * 1000) / requestsPerSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    if (pending.size >= settings.overloadConnections) {
      clientDropped += 1; // the client's own bound: counted, never sent
    } else {
      const request = send(pool, bodies[sent % bodies.length] as string).then((outcome) => {
        statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
        if (outcome.status === '200') latencies.push(outcome.ms);
        pending.delete(request);
      });
      pending.add(request);
    }
    sent += 1;
  }
  await Promise.all(pending);
  return { ...summarize(latencies, statuses, (performance.now() - started) / 1000, settings.textsPerRequest), clientDropped };
}

/** Mean batch size from the server's Prometheus histograms. */
async function batchMeans(url: string): Promise<ServeBenchResults['batches']> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string): number | undefined => {
    const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
    return match === null ? undefined : Number(match[1]);
  };
  const count = value('gliznet_batch_texts_count');
  const texts = value('gliznet_batch_texts_sum');
  const requests = value('gliznet_batch_requests_sum');
  if (count === undefined || texts === undefined || requests === undefined || count === 0) return null;
  return { count, meanTexts: texts / count, meanRequests: requests / count };
}

export async function runServeBench(settings: ServeBenchSettings): Promise<ServeBenchResults> {
  const { log } = settings;
  const classifier = await ZeroShotClassifier.fromPretrained(settings.model, { threads: settings.threads });
  const { child, url } = await startServer(settings);
  const bodies = makeBodies(settings);
  const pool = new Pool(url, { connections: Math.max(settings.clients, settings.overloadConnections), pipelining: 1, keepAliveTimeout: 30_000 });
  try {
    const inProcessRuns: ServeBenchResults['inProcess'][] = [];
    const serverRuns: LoadPhaseResult[] = [];
    let batches: ServeBenchResults['batches'] = null;
    for (let round = 1; round <= settings.repetitions; round += 1) {
      log(`round ${round}/${settings.repetitions}: in-process SDK, ${settings.warmupS}s warm-up, then ${settings.durationS}s of classify() on chunks of ${settings.maxBatch} texts`);
      const inProcess = await measureInProcess(classifier, settings);
      inProcessRuns.push(inProcess);
      log(`  ${inProcess.textsPerSecond.toFixed(1)} texts/s (${inProcess.texts} texts in ${inProcess.seconds.toFixed(1)}s)`);
      log(`round ${round}/${settings.repetitions}: server at ${url}, ${settings.warmupS}s warm-up, then ${settings.clients} closed-loop clients for ${settings.durationS}s`);
      await closedLoop(pool, bodies, settings, settings.warmupS);
      const before = await batchMeans(url);
      const saturation = await closedLoop(pool, bodies, settings, settings.durationS);
      const after = await batchMeans(url);
      if (after !== null) {
        const count = after.count - (before?.count ?? 0);
        const texts = after.meanTexts * after.count - (before === null ? 0 : before.meanTexts * before.count);
        const requests = after.meanRequests * after.count - (before === null ? 0 : before.meanRequests * before.count);
        if (count > 0) batches = { count, meanTexts: texts / count, meanRequests: requests / count };
      }
      serverRuns.push(saturation);
      log(`  ${saturation.textsPerSecond.toFixed(1)} texts/s, p50 ${saturation.latencyMs?.p50.toFixed(1)} ms, p99 ${saturation.latencyMs?.p99.toFixed(1)} ms, statuses ${JSON.stringify(saturation.statuses)}`);
    }
    const inProcess = medianBy(inProcessRuns, (run) => run.textsPerSecond);
    const saturation = medianBy(serverRuns, (run) => run.textsPerSecond);
    // The ratio pools every round (all texts over all seconds), so one noisy round weighs as its length.
    const pooledInProcess = inProcessRuns.reduce((sum, run) => sum + run.texts, 0) / inProcessRuns.reduce((sum, run) => sum + run.seconds, 0);
    const pooledServer = serverRuns.reduce((sum, run) => sum + run.ok * settings.textsPerRequest, 0) / serverRuns.reduce((sum, run) => sum + run.seconds, 0);
    const offered = (saturation.ok / saturation.seconds) * settings.overloadFactor;
    log(`overload: open-loop arrivals at ${offered.toFixed(1)} requests/s (${settings.overloadFactor}x the median saturation rate) for ${settings.durationS}s`);
    const overload = await openLoop(pool, bodies, settings, offered);
    const shed = overload.statuses['503'] ?? 0;
    log(`  ${overload.ok} answered, ${shed} shed with 503, accepted p99 ${overload.latencyMs?.p99.toFixed(1)} ms, statuses ${JSON.stringify(overload.statuses)}`);
    return {
      inProcess,
      saturation: { ...saturation, clients: settings.clients },
      rounds: inProcessRuns.map((run, index) => {
        const server = serverRuns[index] as LoadPhaseResult;
        return { inProcessTextsPerSecond: run.textsPerSecond, serverTextsPerSecond: server.textsPerSecond, serverP99Ms: server.latencyMs?.p99 ?? null, nonOk: server.requests - server.ok };
      }),
      overload: { ...overload, offeredRequestsPerSecond: offered, shedShare: overload.requests === 0 ? 0 : shed / overload.requests },
      serverToInProcess: pooledServer / pooledInProcess,
      pooled: { inProcessTextsPerSecond: pooledInProcess, serverTextsPerSecond: pooledServer },
      batches,
    };
  } finally {
    await pool.close();
    await classifier.dispose();
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
  }
}

/** The results as a Markdown table. */
export function serveBenchMarkdown(results: ServeBenchResults, settings: Pick<ServeBenchSettings, 'clients' | 'overloadFactor'>): string {
  const latency = (phase: LoadPhaseResult): string => (phase.latencyMs === null ? 'n/a' : `${phase.latencyMs.p50.toFixed(1)} / ${phase.latencyMs.p95.toFixed(1)} / ${phase.latencyMs.p99.toFixed(1)}`);
  const errors = (phase: LoadPhaseResult): string => Object.entries(phase.statuses).filter(([status]) => status !== '200').map(([status, count]) => `${count} x ${status}`).join(', ') || 'none';
  return [
    '| run | texts/s | vs in-process | latency p50 / p95 / p99 (ms) | requests | non-200 answers |',
    '|---|---:|---:|---:|---:|---|',
    `| in-process SDK (classify, batches of the server's max batch) | ${results.pooled.inProcessTextsPerSecond.toFixed(1)} | 100% | | | |`,
    `| gliznet serve, ${settings.clients} closed-loop clients (saturation) | ${results.pooled.serverTextsPerSecond.toFixed(1)} | ${(results.serverToInProcess * 100).toFixed(1)}% | ${latency(results.saturation)} | ${results.saturation.requests} | ${errors(results.saturation)} |`,
    `| gliznet serve, open loop at ${settings.overloadFactor}x (${results.overload.offeredRequestsPerSecond.toFixed(1)} req/s offered) | ${results.overload.textsPerSecond.toFixed(1)} | ${((results.overload.textsPerSecond / results.pooled.inProcessTextsPerSecond) * 100).toFixed(1)}% | ${latency(results.overload)} | ${results.overload.requests} | ${errors(results.overload)}${results.overload.clientDropped > 0 ? `; ${results.overload.clientDropped} not sent (client bound)` : ''} |`,
  ].join('\n') +
    `\n\nRounds (in-process / server texts/s): ${results.rounds.map((round) => `${round.inProcessTextsPerSecond.toFixed(1)} / ${round.serverTextsPerSecond.toFixed(1)}`).join(', ')}; texts/s pooled over the rounds; latency of the median round.` +
    (results.batches === null ? '' : ` Last saturation round: ${results.batches.count} batches, ${results.batches.meanTexts.toFixed(1)} texts (${results.batches.meanRequests.toFixed(1)} requests) per batch on average.`);
}
