/**
 * A thin layer over `node:util` parseArgs shared by the gliznet CLIs (trainer, bench, sdk): one
 * declarative spec per command gives typed values, defaults, validation with clear errors, and the
 * `--help` text, so the help can never drift from what is parsed.
 */
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from './errors.js';

export interface OptionSpec {
  type: 'string' | 'number' | 'boolean';
  description: string;
  /** Default shown in the help and used when the flag is absent. */
  default?: string | number | boolean;
  /** May be repeated (`--data a.jsonl --data b.jsonl`) or take several values after one flag. */
  multiple?: boolean;
  /** Allowed values for a string option. */
  choices?: readonly string[];
  /** One-letter alias. */
  short?: string;
  /** Required flag. */
  required?: boolean;
  /** Placeholder in the help, e.g. `<dir>`. */
  placeholder?: string;
}

export interface CommandSpec {
  /** Full command as typed, e.g. `gliznet classify`. */
  name: string;
  summary: string;
  /** Usage line after the name, e.g. `"<text>" --labels <a,b,c>`. */
  usage?: string;
  options: Record<string, OptionSpec>;
  /** Examples shown at the end of the help. */
  examples?: string[];
}

export type ParsedValue = string | number | boolean | string[] | number[] | undefined;

export interface ParsedCommandLine {
  values: Record<string, ParsedValue>;
  positionals: string[];
  /** True when --help / -h was given: print `formatHelp(spec)` and exit 0. */
  help: boolean;
}

function toNumber(flag: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new InvalidArgumentError(flag, `--${flag} expects a number, got ${JSON.stringify(raw)}`);
  return value;
}

/**
 * Parses `argv` (without the command words). Multiple-value options also accept values following
 * the flag until the next flag (`--data a.jsonl b.jsonl`). Unknown flags, bad numbers, values outside
 * `choices` and missing required flags throw InvalidArgumentError naming the flag and the fix.
 */
export function parseCommandLine(argv: readonly string[], spec: CommandSpec): ParsedCommandLine {
  const expanded: string[] = [];
  let currentMultiple: string | undefined;
  for (const argument of argv) {
    if (argument.startsWith('-')) {
      const name = argument.replace(/^--?/, '').split('=')[0]!;
      currentMultiple = spec.options[name]?.multiple && spec.options[name]?.type !== 'boolean' && !argument.includes('=') ? name : undefined;
      expanded.push(argument);
      continue;
    }
    const previous = expanded[expanded.length - 1];
    if (currentMultiple !== undefined && previous !== undefined && !previous.startsWith('-')) expanded.push(`--${currentMultiple}`);
    expanded.push(argument);
  }
  const parseOptions: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, option] of Object.entries(spec.options)) {
    parseOptions[name] = { type: option.type === 'boolean' ? 'boolean' : 'string', ...(option.multiple ? { multiple: true } : {}), ...(option.short ? { short: option.short } : {}) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: expanded, options: parseOptions, allowPositionals: true, strict: true });
  } catch (error) {
    throw new InvalidArgumentError('argv', `${spec.name}: ${(error as Error).message}. Run \`${spec.name} --help\` for the options.`, { cause: error });
  }
  const help = parsed.values['help'] === true;
  const values: Record<string, ParsedValue> = {};
  for (const [name, option] of Object.entries(spec.options)) {
    const raw = parsed.values[name] as string | boolean | string[] | undefined;
    if (raw === undefined) {
      if (option.required && !help) throw new InvalidArgumentError(name, `${spec.name}: --${name} is required (${option.description}). Run \`${spec.name} --help\`.`);
      values[name] = option.default;
      continue;
    }
    if (option.type === 'number') values[name] = Array.isArray(raw) ? raw.map((item) => toNumber(name, item)) : toNumber(name, String(raw));
    else values[name] = raw;
    if (option.choices) {
      for (const item of Array.isArray(raw) ? raw : [raw]) {
        if (!option.choices.includes(String(item))) throw new InvalidArgumentError(name, `--${name} is ${JSON.stringify(item)}; expected one of ${option.choices.join(', ')}`);
      }
    }
  }
  return { values, positionals: parsed.positionals, help };
}

/** The `--help` text of a command. */
export function formatHelp(spec: CommandSpec): string {
  const lines = [`${spec.summary}`, '', `Usage: ${spec.name}${spec.usage ? ` ${spec.usage}` : ''} [options]`, '', 'Options:'];
  const rows = Object.entries(spec.options).map(([name, option]) => {
    const flag = `${option.short ? `-${option.short}, ` : ''}--${name}${option.type === 'boolean' ? '' : ` ${option.placeholder ?? (option.type === 'number' ? '<n>' : '<value>')}${option.multiple ? '...' : ''}`}`;
    const notes = [option.required ? 'required' : undefined, option.choices ? `one of: ${option.choices.join(', ')}` : undefined, option.default !== undefined ? `default: ${String(option.default)}` : undefined].filter(Boolean);
    return { flag, text: `${option.description}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}` };
  });
  rows.push({ flag: '-h, --help', text: 'Show this help.' });
  const width = Math.min(34, Math.max(...rows.map((row) => row.flag.length)) + 2);
  for (const row of rows) lines.push(`  ${row.flag.padEnd(width)}${row.text}`);
  if (spec.examples && spec.examples.length > 0) lines.push('', 'Examples:', ...spec.examples.map((example) => `  ${example}`));
  return `${lines.join('\n')}\n`;
}
