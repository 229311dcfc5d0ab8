import { InvalidArgumentError } from '@gliznet/common';
import { describe, expect, it } from 'vitest';
import { parseClassifyArguments } from './classify-arguments.js';

describe('parseClassifyArguments', () => {
  it('parses a single-text invocation with scoring options', () => {
    const command = parseClassifyArguments(['some text', '--labels', 'a,b\\,c', '--model', 'dir', '--multi-label', '--threshold', '0.3', '--top-k', '2', '--json', '--quantized', '--threads', '2', '--hypothesis-template', 'about {label}']);
    expect(command).toMatchObject({ texts: ['some text'], labels: ['a', 'b,c'], modelDirectory: 'dir', quantized: true, threads: 2, json: true, hypothesisTemplate: 'about {label}' });
    expect(command.classifyOptions).toEqual({ multiLabel: true, threshold: 0.3, topK: 2 });
  });

  it('parses batch mode', () => {
    const command = parseClassifyArguments(['--input', 'in.jsonl', '--output', 'out.jsonl', '--labels-file', 'labels.txt', '--batch-size', '8', '--max-labels-per-pass', '30', '--label-order', 'canonical', '--long-text', 'chunk', '--chunk-tokens', '64', '--stride-tokens', '0', '--no-progress', '--overwrite']);
    expect(command).toMatchObject({ input: 'in.jsonl', output: 'out.jsonl', labelsFile: 'labels.txt', progress: false, overwrite: true });
    expect(command.classifyOptions).toEqual({ batchSize: 8, maxLabelsPerPass: 30, labelOrder: 'canonical', longText: 'chunk', chunkTokens: 64, strideTokens: 0 });
  });

  it('returns help without checking the rest', () => {
    expect(parseClassifyArguments(['--help']).help).toBe(true);
    expect(parseClassifyArguments(['-h']).help).toBe(true);
  });

  it('rejects incomplete or contradictory arguments with a hint', () => {
    const cases: [string[], RegExp][] = [
      [['text'], /no candidate labels/],
      [['--labels', 'a'], /nothing to classify/],
      [['t', '--labels', 'a', '--labels-file', 'f'], /either --labels or --labels-file/],
      [['t', '--input', 'f', '--labels', 'a'], /not both/],
      [['t', '--labels', 'a', '--output', 'o.jsonl'], /--output goes with --input/],
      [['t', '--labels', 'a', '--threshold', '1.5'], /--threshold must be a number between 0 and 1/],
      [['t', '--labels', 'a', '--label-order', 'sorted'], /--label-order must be as-given or canonical, got "sorted"/],
      [['t', '--labels', 'a', '--top-k', '0'], /--top-k must be a positive integer/],
      [['t', '--labels', 'a', '--top-k', '2.5'], /--top-k/],
      [['t', '--labels', 'a', '--long-text', 'split'], /--long-text must be truncate or chunk/],
      [['t', '--labels', 'a', '--chunk-tokens', '9'], /add --long-text chunk/],
      [['t', '--labels', 'a', '--frobnicate'], /Unknown option '--frobnicate'.*gliznet classify --help/],
      [['--input', 'f', '--input-format', 'csv'], /--input-format must be jsonl or txt/],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseClassifyArguments(argv), argv.join(' ')).toThrow(message);
      expect(() => parseClassifyArguments(argv)).toThrow(InvalidArgumentError);
    }
  });
});
