// A real HTTP server on 127.0.0.1 (ephemeral port) that speaks just enough of the Ollama chat API
// (/api/chat) and the OpenAI chat-completions API (/v1/chat/completions, and Groq's
// /openai/v1/chat/completions) to drive the official clients, with scripted failures.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the server does with one chat request. */
export type Behaviour =
  | 'valid'
  | 'malformed' // 200, but the model's content is not JSON
  | 'off-format' // 200, JSON content of the wrong shape
  | 'broken-body' // 200 with a body that is not JSON at all
  | 'rate-limit' // 429 with retry-after-ms: 30
  | 'timeout' // never answers
  | 'server-error' // 500
  | 'unauthorized' // 401
  | 'not-found'; // 404

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  /** The user prompt (last message). */
  prompt: string;
}

export interface FakeLlmServer {
  url: string;
  requests: RecordedRequest[];
  /** Behaviours consumed one per chat request; `'valid'` once empty. */
  script: Behaviour[];
  /** Most requests seen in flight at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

/** The reply a well-behaved model would give to a synthesis prompt (cross-role respected). */
export function validReplyFor(prompt: string): string {
  const genre = /Genre: (.*)/.exec(prompt)?.[1] ?? 'unknown';
  const texts = Number(/Write (\d+) different/.exec(prompt)?.[1] ?? 3);
  const labelCount = Number(/exactly (\d+) short/.exec(prompt)?.[1] ?? 4);
  const batch = /\(Batch (\d+):/.exec(prompt)?.[1] ?? '?';
  const labels = Array.from({ length: labelCount }, (_, index) => `${genre} Topic ${index}`);
  return JSON.stringify({
    labels,
    texts: Array.from({ length: texts }, (_, textIndex) => ({
      text: `A ${genre} text, batch ${batch}, number ${textIndex}.`,
      positives: labels.filter((_, index) => index % texts === textIndex),
      negatives: labels.filter((_, index) => index % texts === (textIndex + 1) % texts),
    })),
  });
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** Starts the server; `delayMs` delays every answer (to observe concurrency). */
export async function startFakeLlmServer(options: { delayMs?: number } = {}): Promise<FakeLlmServer> {
  const sockets = new Set<Socket>();
  let inFlight = 0;
  const state: FakeLlmServer = {
    url: '',
    requests: [],
    script: [],
    maxInFlight: 0,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '';
      const isOllama = path === '/api/chat';
      const isOpenAi = path === '/v1/chat/completions' || path === '/openai/v1/chat/completions';
      if (!isOllama && !isOpenAi) {
        send(response, 404, { error: `no route ${path}` });
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      const messages = (body.messages ?? []) as { content: string }[];
      const prompt = messages[messages.length - 1]?.content ?? '';
      state.requests.push({ path, headers: request.headers, body, prompt });
      const behaviour = state.script.shift() ?? 'valid';
      inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      const finish = (): void => {
        inFlight -= 1;
      };
      if (behaviour === 'timeout') {
        response.on('close', finish);
        return; // never answer; the client times out
      }
      setTimeout(() => {
        finish();
        const errorBody = (message: string): unknown => (isOllama ? { error: message } : { error: { message, type: 'error' } });
        if (behaviour === 'rate-limit') return send(response, 429, errorBody('rate limited'), { 'retry-after-ms': '30' });
        if (behaviour === 'server-error') return send(response, 500, errorBody('internal error'));
        if (behaviour === 'unauthorized') return send(response, 401, errorBody('invalid api key'));
        if (behaviour === 'not-found') return send(response, 404, errorBody('model not found'));
        if (behaviour === 'broken-body') return send(response, 200, '{"this is": not json');
        const content =
          behaviour === 'malformed' ? 'Sure! Here are your texts: [1, 2' : behaviour === 'off-format' ? JSON.stringify({ items: ['no labels here'] }) : validReplyFor(prompt);
        if (isOllama) {
          send(response, 200, {
            model: body.model,
            created_at: new Date(0).toISOString(),
            message: { role: 'assistant', content },
            done: true,
            done_reason: 'stop',
            prompt_eval_count: 100,
            eval_count: 50,
          });
        } else {
          send(response, 200, {
            id: 'chatcmpl-test',
            object: 'chat.completion',
            created: 0,
            model: body.model,
            choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
          });
        }
      }, options.delayMs ?? 0);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** A URL on 127.0.0.1 where nothing listens (a port that was just freed). */
export async function unusedLocalUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
