import { ConfigurationError } from '@gliznet/common';
import type { ChatProvider, ProviderCallFailure } from './provider.js';

function providerLabel(provider: ChatProvider): string {
  return provider.name === 'ollama' ? 'Ollama' : provider.name === 'groq' ? 'Groq' : 'the OpenAI-compatible endpoint';
}

/** The error that stops a run for a failure no retry can fix, naming the endpoint and what to check. */
export function fatalError(failure: ProviderCallFailure, provider: ChatProvider): ConfigurationError {
  const who = providerLabel(provider);
  const kept = 'Records already written are kept; run again to resume.';
  switch (failure.kind) {
    case 'auth': {
      const variable = provider.name === 'groq' ? 'GROQ_API_KEY' : 'OPENAI_API_KEY';
      return new ConfigurationError(`${who} at ${provider.baseUrl} rejected the credentials (HTTP ${failure.status ?? '?'}). Check ${variable}. ${kept}`);
    }
    case 'not-found':
      return new ConfigurationError(
        `${who} at ${provider.baseUrl} answered 404 for model "${provider.model}": check the model name${provider.name === 'ollama' ? ` (ollama pull ${provider.model})` : ''} and the base URL. ${kept}`,
      );
    case 'connection': {
      const check =
        provider.name === 'ollama'
          ? 'Is the server running (`ollama serve`), and are --base-url / OLLAMA_HOST right?'
          : 'Check the network and the base URL.';
      return new ConfigurationError(`Cannot reach ${who} at ${provider.baseUrl} (${failure.message}). ${check} ${kept}`);
    }
    default:
      return new ConfigurationError(`${who} at ${provider.baseUrl} refused the request: ${failure.message}. ${kept}`);
  }
}
