import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { formatHelp, parseCommandLine, type CommandSpec } from './command-line.js';

const spec: CommandSpec = {
  name: 'tool run',
  summary: 'Runs things.',
  usage: '<input>',
  options: {
    model: { type: 'string', description: 'Model directory.', required: true, placeholder: '<dir>' },
    data: { type: 'string', description: 'Data files.', multiple: true },
    epochs: { type: 'number', description: 'Epochs.', default: 1 },
    similarity: { type: 'string', description: 'Scorer.', choices: ['dot', 'bilinear'], default: 'dot' },
    json: { type: 'boolean', description: 'Machine output.', default: false },
  },
  examples: ['tool run x --model m'],
};

describe('parseCommandLine', () => {
  it('parses typed values, defaults, positionals and multi-value flags', () => {
    const parsed = parseCommandLine(['in.txt', '--model', 'm', '--data', 'a.jsonl', 'b.jsonl', '--epochs=3', '--json'], spec);
    expect(parsed.positionals).toEqual(['in.txt']);
    expect(parsed.values).toEqual({ model: 'm', data: ['a.jsonl', 'b.jsonl'], epochs: 3, similarity: 'dot', json: true });
    expect(parseCommandLine(['--model', 'm', '--data', 'a', '--data', 'b'], spec).values['data']).toEqual(['a', 'b']);
  });

  it('names the flag in every error', () => {
    expect(() => parseCommandLine([], spec)).toThrow(/--model is required/);
    expect(() => parseCommandLine(['--model', 'm', '--epochs', 'many'], spec)).toThrow(/--epochs expects a number, got "many"/);
    expect(() => parseCommandLine(['--model', 'm', '--similarity', 'cosine'], spec)).toThrow(/expected one of dot, bilinear/);
    expect(() => parseCommandLine(['--model', 'm', '--colour', 'red'], spec)).toThrow(InvalidArgumentError);
    expect(parseCommandLine(['--help'], spec).help).toBe(true);
  });
});

describe('formatHelp', () => {
  it('lists every option with its default, choices and requirement', () => {
    const help = formatHelp(spec);
    expect(help).toContain('Usage: tool run <input> [options]');
    expect(help).toMatch(/--model <dir>\s+Model directory\. \(required\)/);
    expect(help).toMatch(/--similarity <value>\s+Scorer\. \(one of: dot, bilinear; default: dot\)/);
    expect(help).toContain('-h, --help');
    expect(help).toContain('tool run x --model m');
  });
});
