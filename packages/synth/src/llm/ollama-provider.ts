import { Ollama } from 'ollama';
import { connectionErrorCode, kindOfStatus, parseRetryAfter, ProviderCallFailure, type ChatProvider } from './provider.js';

/** Options of {@link createOllamaProvider}. */
export interface OllamaProviderOptions {
  model: string;
  /** Server URL (default: `OLLAMA_HOST` from `environment`, else `http://127.0.0.1:11434`). */
  baseUrl?: string;
  /** Per-request timeout in ms (default 120000). */
  timeoutMs?: number;
  environment?: Record<string, string | undefined>;
}

/** A chat provider for an Ollama server (official `ollama` client, `/api/chat`, JSON format). */
export function createOllamaProvider(options: OllamaProviderOptions): ChatProvider {
  const environment = options.environment ?? process.env;
  let baseUrl = options.baseUrl ?? environment.OLLAMA_HOST ?? 'http://127.0.0.1:11434';
  if (!/^https?:\/\//.test(baseUrl)) baseUrl = `http://${baseUrl}`;
  const timeoutMs = options.timeoutMs ?? 120_000;
  return {
    name: 'ollama',
    model: options.model,
    baseUrl,
    async complete(request, signal) {
      let lastResponse: Response | undefined;
      const timeout = AbortSignal.timeout(timeoutMs);
      const combined = AbortSignal.any([signal, timeout]);
      // A fetch wrapper adds the timeout and keeps the response, for its status and retry-after header.
      const client = new Ollama({
        host: baseUrl,
        fetch: async (input, init) => {
          lastResponse = await fetch(input, { ...init, signal: combined });
          return lastResponse;
        },
      });
      try {
        const response = await client.chat({
          model: options.model,
          messages: [
            { role: 'system', content: request.system },
            { role: 'user', content: request.user },
          ],
          format: 'json',
          stream: false,
          options: { temperature: request.temperature, seed: request.seed },
        });
        return { content: response.message.content, promptTokens: response.prompt_eval_count ?? 0, completionTokens: response.eval_count ?? 0 };
      } catch (error) {
        if (signal.aborted) throw new ProviderCallFailure('aborted', 'cancelled');
        if (timeout.aborted) throw new ProviderCallFailure('timeout', `no reply from ${baseUrl} within ${timeoutMs} ms`);
        const status = (error as { status_code?: unknown }).status_code;
        if (typeof status === 'number') {
          throw new ProviderCallFailure(kindOfStatus(status), `HTTP ${status}: ${(error as Error).message}`, status, parseRetryAfter(lastResponse?.headers));
        }
        const code = connectionErrorCode(error);
        if (code !== undefined) throw new ProviderCallFailure('connection', `connection failed: ${code}`);
        // An unreadable body (e.g. not JSON) is a transient server fault as far as we can tell.
        throw new ProviderCallFailure('server', `unreadable reply from ${baseUrl}: ${(error as Error).message}`);
      }
    },
  };
}
