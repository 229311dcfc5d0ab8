import { parseCommandLine } from '@gliznet/common';
import { describe, expect, it } from 'vitest';
import { trainingOptionsFrom, trainSpec } from './train-command.js';

const options = (argv: string[]) => trainingOptionsFrom(parseCommandLine(argv, trainSpec).values);
const data = ['--encoder', 'data/encoders/all-MiniLM-L6-v2', '--train', 'data/transfer/train.jsonl', '--val', 'data/held-out/val.jsonl', '--out', 'runs/gliznet-minilm'];

describe('pnpm trainer train defaults', () => {
  it('are the settings the default model was trained with: its command needs only data, encoder, output and length', () => {
    // The flags models/gliznet-minilm's run was started with (its run.json), before they were the defaults.
    const release = options([
      ...data, '--no-sentence-head', '--label-attention', 'text-and-self', '--label-positions', 'after-text',
      '--batch-size', '8', '--lr', '3e-5', '--max-steps', '1600', '--validate-every', '400', '--checkpoint-every', '200', '--log-every', '10',
    ]);
    const documented = options([...data, '--max-steps', '1600']);
    // 'auto' is decided per encoder when the run starts: off for a BERT checkpoint such as MiniLM.
    expect({ ...documented, sentenceHead: false }).toEqual(release);
    expect(documented.sentenceHead).toBe('auto');
  });

  it('takes --sentence-head and --no-sentence-head as explicit choices', () => {
    expect(options([...data, '--sentence-head']).sentenceHead).toBe(true);
    expect(options([...data, '--no-sentence-head']).sentenceHead).toBe(false);
  });
});
