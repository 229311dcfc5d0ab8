/**
 * Prometheus metrics of one server (prom-client, in a registry of its own, so two servers in one
 * process never share counters): requests by route and status, request latency, batch sizes, queue
 * depth, onnxruntime time per batch, plus prom-client's default process metrics.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BatchReport } from './dynamic-batcher.js';

export interface ServerMetrics {
  registry: Registry;
  /** Records one answered request. */
  observeRequest(route: string, method: string, status: number, seconds: number): void;
  /** Records one batch. */
  observeBatch(report: BatchReport): void;
}

/** `queueDepth` and `modelThreadRestarts` are read at every scrape. */
export function createServerMetrics(queueDepth: () => { texts: number; requests: number }, modelThreadRestarts: () => number = () => 0): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gliznet_' });
  const requests = new Counter({ name: 'gliznet_http_requests_total', help: 'HTTP requests answered, by route, method and status code.', labelNames: ['route', 'method', 'status'], registers: [registry] });
  const latency = new Histogram({
    name: 'gliznet_http_request_duration_seconds',
    help: 'Time from receiving a request to answering it, by route.',
    labelNames: ['route'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const batchTexts = new Histogram({ name: 'gliznet_batch_texts', help: 'Texts per dynamic batch (one classifyMany call).', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256], registers: [registry] });
  const batchRequests = new Histogram({ name: 'gliznet_batch_requests', help: 'Requests joined in one dynamic batch.', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256], registers: [registry] });
  const batchWait = new Histogram({ name: 'gliznet_batch_queue_wait_seconds', help: "How long a batch's oldest request waited in the queue.", buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5], registers: [registry] });
  const inference = new Histogram({ name: 'gliznet_batch_inference_seconds', help: 'onnxruntime time per dynamic batch.', buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry] });
  const runs = new Counter({ name: 'gliznet_onnxruntime_runs_total', help: 'onnxruntime runs.', registers: [registry] });
  new Gauge({
    name: 'gliznet_queue_texts',
    help: 'Texts waiting for a batch.',
    registers: [registry],
    collect() {
      this.set(queueDepth().texts);
    },
  });
  new Gauge({
    name: 'gliznet_queue_requests',
    help: 'Requests waiting for a batch.',
    registers: [registry],
    collect() {
      this.set(queueDepth().requests);
    },
  });
  new Counter({
    name: 'gliznet_model_thread_restarts_total',
    help: 'Model threads that stopped unexpectedly and were replaced.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(modelThreadRestarts());
    },
  });
  return {
    registry,
    observeRequest(route, method, status, seconds) {
      requests.inc({ route, method, status: String(status) });
      latency.observe({ route }, seconds);
    },
    observeBatch(report) {
      batchTexts.observe(report.texts);
      batchRequests.observe(report.requests);
      batchWait.observe(report.waitedMs / 1000);
      inference.observe(report.timings.inferenceMs / 1000);
      runs.inc(report.timings.batches);
    },
  };
}
