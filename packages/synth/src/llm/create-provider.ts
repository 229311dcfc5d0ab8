import { InvalidArgumentError } from '@gliznet/common';
import { createOllamaProvider } from './ollama-provider.js';
import { createOpenAiCompatibleProvider } from './openai-compatible-provider.js';
import type { ChatProvider, ProviderName } from './provider.js';

/** Options of {@link createChatProvider}. */
export interface ProviderOptions {
  provider: ProviderName;
  model: string;
  /** Endpoint base URL (provider default when omitted; see each provider). */
  baseUrl?: string;
  /** API key for Groq / OpenAI (default: `GROQ_API_KEY` / `OPENAI_API_KEY`). */
  apiKey?: string;
  timeoutMs?: number;
  environment?: Record<string, string | undefined>;
}

/** Creates the chat provider for `ollama`, `groq` or `openai` (any OpenAI-compatible endpoint). */
export function createChatProvider(options: ProviderOptions): ChatProvider {
  if (options.model.trim() === '') throw new InvalidArgumentError('model', 'A model name is required, e.g. "llama3.1:8b" (Ollama) or "llama-3.1-8b-instant" (Groq).');
  const common = { model: options.model, baseUrl: options.baseUrl, timeoutMs: options.timeoutMs, environment: options.environment };
  switch (options.provider) {
    case 'ollama':
      return createOllamaProvider(common);
    case 'groq':
    case 'openai':
      return createOpenAiCompatibleProvider({ ...common, provider: options.provider, apiKey: options.apiKey });
    default:
      throw new InvalidArgumentError('provider', `Unknown provider "${String(options.provider)}": use ollama, groq or openai.`);
  }
}
