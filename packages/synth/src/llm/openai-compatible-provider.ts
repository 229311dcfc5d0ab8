import Groq from 'groq-sdk';
import OpenAI from 'openai';
import { ConfigurationError } from '@gliznet/common';
import { connectionErrorCode, kindOfStatus, parseRetryAfter, ProviderCallFailure, type ChatProvider, type ProviderName } from './provider.js';

/** Options of {@link createOpenAiCompatibleProvider}. */
export interface OpenAiCompatibleProviderOptions {
  /** `'openai'` (the `openai` client; any OpenAI-compatible endpoint) or `'groq'` (the `groq-sdk` client). */
  provider: Extract<ProviderName, 'openai' | 'groq'>;
  model: string;
  /**
   * Endpoint base URL. OpenAI: including `/v1` (default `https://api.openai.com/v1`, or `OPENAI_BASE_URL`);
   * Groq: the host (default `https://api.groq.com`, or `GROQ_BASE_URL`).
   */
  baseUrl?: string;
  /** API key (default: `OPENAI_API_KEY` / `GROQ_API_KEY` from `environment`). Never logged. */
  apiKey?: string;
  /** Per-request timeout in ms (default 120000). */
  timeoutMs?: number;
  environment?: Record<string, string | undefined>;
}

interface StainlessErrors {
  APIError: abstract new (...args: never[]) => Error;
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
  APIUserAbortError: abstract new (...args: never[]) => Error;
}

function classify(error: unknown, classes: StainlessErrors, baseUrl: string, timeoutMs: number): ProviderCallFailure {
  if (error instanceof classes.APIUserAbortError) return new ProviderCallFailure('aborted', 'cancelled');
  if (error instanceof classes.APIConnectionTimeoutError) return new ProviderCallFailure('timeout', `no reply from ${baseUrl} within ${timeoutMs} ms`);
  if (error instanceof classes.APIConnectionError) {
    const code = connectionErrorCode(error);
    return new ProviderCallFailure(code === undefined ? 'server' : 'connection', `connection failed: ${code ?? (error as Error).message}`);
  }
  if (error instanceof classes.APIError) {
    const { status, headers } = error as unknown as { status?: number; headers?: Headers };
    if (typeof status === 'number') return new ProviderCallFailure(kindOfStatus(status), `HTTP ${status}: ${error.message}`, status, parseRetryAfter(headers));
  }
  // Anything else (an unparsable body, an unexpected shape) is treated as a transient fault.
  return new ProviderCallFailure('server', `unexpected reply from ${baseUrl}: ${(error as Error).message}`);
}

/** A chat provider for OpenAI-compatible endpoints (`openai` client) or Groq (`groq-sdk`). */
export function createOpenAiCompatibleProvider(options: OpenAiCompatibleProviderOptions): ChatProvider {
  const environment = options.environment ?? process.env;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const isGroq = options.provider === 'groq';
  const keyVariable = isGroq ? 'GROQ_API_KEY' : 'OPENAI_API_KEY';
  const defaultUrl = isGroq ? 'https://api.groq.com' : 'https://api.openai.com/v1';
  const baseUrl = options.baseUrl ?? environment[isGroq ? 'GROQ_BASE_URL' : 'OPENAI_BASE_URL'] ?? defaultUrl;
  let apiKey = options.apiKey ?? environment[keyVariable];
  if (apiKey === undefined || apiKey.trim() === '') {
    // A self-hosted OpenAI-compatible server (vLLM, llama.cpp, LM Studio) often needs no key.
    if (!isGroq && baseUrl !== defaultUrl) apiKey = 'no-key';
    else {
      throw new ConfigurationError(
        `No API key for ${isGroq ? 'Groq' : 'OpenAI'}: set the ${keyVariable} environment variable (or pass apiKey).`,
        { problems: [`${keyVariable} is not set`] },
      );
    }
  }
  const common = { apiKey, baseURL: baseUrl, maxRetries: 0, timeout: timeoutMs };
  const client = isGroq ? new Groq(common) : new OpenAI(common);
  const classes: StainlessErrors = isGroq ? Groq : OpenAI;
  return {
    name: options.provider,
    model: options.model,
    baseUrl,
    async complete(request, signal) {
      try {
        const body = {
          model: options.model,
          messages: [
            { role: 'system' as const, content: request.system },
            { role: 'user' as const, content: request.user },
          ],
          response_format: { type: 'json_object' as const },
          temperature: request.temperature,
          seed: request.seed,
        };
        const completion = isGroq
          ? await (client as Groq).chat.completions.create(body, { signal })
          : await (client as OpenAI).chat.completions.create(body, { signal });
        const content = completion.choices[0]?.message.content ?? '';
        return { content, promptTokens: completion.usage?.prompt_tokens ?? 0, completionTokens: completion.usage?.completion_tokens ?? 0 };
      } catch (error) {
        if (signal.aborted) throw new ProviderCallFailure('aborted', 'cancelled');
        throw classify(error, classes, baseUrl, timeoutMs);
      }
    },
  };
}
