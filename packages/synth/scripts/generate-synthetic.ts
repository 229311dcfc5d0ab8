// Temporary runner for LLM synthesis until apps/trainer's `data generate` exists.
// Usage: pnpm exec tsx --conditions=@gliznet/source packages/synth/scripts/generate-synthetic.ts \
//   --provider ollama|groq|openai --model NAME --count 50000 --out data/synthetic/train.jsonl [--base-url URL] [--concurrency N] [--seed N]
import { runGenerateCommand } from '../src/cli/generate-command.js';
import type { ProviderName } from '../src/llm/provider.js';

const argumentsList = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const index = argumentsList.indexOf(`--${name}`);
  return index >= 0 ? argumentsList[index + 1] : undefined;
};
const number = (name: string): number | undefined => (flag(name) === undefined ? undefined : Number(flag(name)));

const controller = new AbortController();
process.once('SIGINT', () => {
  console.error('stopping: requests in flight are cancelled, finished batches stay (Ctrl-C again to kill)');
  controller.abort();
});

try {
  await runGenerateCommand(
    {
      provider: (flag('provider') ?? 'ollama') as ProviderName,
      model: flag('model') ?? '',
      baseUrl: flag('base-url'),
      count: number('count') ?? 50_000,
      outFile: flag('out') ?? 'data/synthetic/train.jsonl',
      concurrency: number('concurrency'),
      seed: number('seed'),
      signal: controller.signal,
    },
  );
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exitCode = 1;
}
