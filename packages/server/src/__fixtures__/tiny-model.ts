/** Test helper: a tiny random GliZNet model directory (real files, real ONNX) and a server on a loopback port. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportOnnx } from '@gliznet/onnx-export';
import { createTinyModelConfig, writeRandomModelDirectory } from '@gliznet/onnx-export/testing';
import { createGliznetServer, type GliznetServer, type ServedClassifier } from '../create-server.js';
import type { ServerOptions } from '../server-options.js';

/** A tiny random model; its scores are meaningless but deterministic. Window 48 tokens. */
export async function buildTinyModel(seed = 1): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'gliznet-server-model-'));
  await writeRandomModelDirectory(directory, { config: createTinyModelConfig({ maxLength: 48, minTextTokens: 4 }), seed });
  await exportOnnx(directory, { quantize: false });
  return directory;
}

/** Starts a server on 127.0.0.1, a free port; returns it with its base URL. */
export async function startTestServer(classifier: ServedClassifier | Promise<ServedClassifier>, options: ServerOptions = {}): Promise<{ server: GliznetServer; url: string }> {
  const server = createGliznetServer(classifier, options);
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  return { server, url };
}

/** POSTs a JSON body (or a raw string) and returns status, headers and the parsed body. */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}
