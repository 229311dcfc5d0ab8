/**
 * The Hugging Face Inference API zero-shot-classification shape, both ways. Request: `{"inputs":
 * "text" | ["t1", ...], "parameters": {"candidate_labels": [...] | "a,b", "multi_label",
 * "hypothesis_template"}}`. Answer, best label first, in one of two formats: `pipeline`
 * (`{"sequence", "labels", "scores"}`, an array of them for several inputs: the transformers pipeline
 * and the classic Inference API, what requests-based code and huggingface_hub <= 1.1.4 read) or
 * `list` (`[{"label", "score"}, ...]`: the task specification, what huggingface_hub >= 1.1.5 reads).
 */
import { InvalidArgumentError } from '@gliznet/common';
import type { ClassificationResult, ClassifyRequest } from '@gliznet/sdk';
import type { HuggingFaceFormat } from './server-options.js';

export interface HuggingFaceBody {
  inputs: string | string[];
  parameters: { candidate_labels: string | string[]; multi_label?: boolean | null; hypothesis_template?: string | null };
  options?: Record<string, unknown>;
}

export interface ParsedHuggingFaceRequest {
  request: ClassifyRequest;
  /** One input (answered with one result) rather than an array. */
  single: boolean;
  hypothesisTemplate: string | undefined;
}

/** Hugging Face's placeholder is `{}` (Python's str.format); gliznet's is `{label}`. */
export function toGliznetTemplate(template: string): string {
  if (template.includes('{label}')) return template;
  if (template.includes('{}')) return template.replace('{}', '{label}');
  if (template.includes('{0}')) return template.replace('{0}', '{label}');
  throw new InvalidArgumentError('hypothesisTemplate', `hypothesis_template ${JSON.stringify(template)} has no placeholder; put "{}" where the label goes, e.g. "This example is {}."`);
}

/** Labels as Hugging Face takes them: a list, or one string split on commas (blank pieces dropped). */
export function parseCandidateLabels(value: string | readonly string[]): string[] {
  if (typeof value !== 'string') return [...value];
  return value
    .split(',')
    .map((label) => label.trim())
    .filter((label) => label !== '');
}

export function parseHuggingFaceBody(body: HuggingFaceBody): ParsedHuggingFaceRequest {
  const single = typeof body.inputs === 'string';
  const texts = single ? [body.inputs as string] : (body.inputs as string[]);
  const labels = parseCandidateLabels(body.parameters.candidate_labels);
  const multiLabel = body.parameters.multi_label === true;
  const template = body.parameters.hypothesis_template;
  return {
    // Hugging Face returns every label: no threshold, even with multi_label.
    request: { texts, labels, options: multiLabel ? { multiLabel: true, threshold: 0 } : { multiLabel: false } },
    single,
    hypothesisTemplate: template === undefined || template === null ? undefined : toGliznetTemplate(template),
  };
}

/** Maps the SDK's argument names to the Hugging Face request fields. */
export function huggingFaceParam(single: boolean): (argument: string) => string {
  return (argument) => {
    if (argument === 'text') return 'inputs';
    if (argument.startsWith('texts')) return single ? 'inputs' : argument.replace(/^texts/, 'inputs');
    if (argument.startsWith('labels')) return argument.replace(/^labels/, 'parameters.candidate_labels');
    if (argument.endsWith('hypothesisTemplate')) return 'parameters.hypothesis_template';
    if (argument === 'multiLabel') return 'parameters.multi_label';
    return argument;
  };
}

/** huggingface_hub's InferenceClient parses `[{label, score}]` from version 1.1.5 on, `{labels, scores}` before. */
export function formatForUserAgent(userAgent: string | undefined): 'pipeline' | 'list' {
  const match = /hf_hub\/(\d+)\.(\d+)\.(\d+)/.exec(userAgent ?? '');
  if (match === null) return 'pipeline';
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const atLeast = major > 1 || (major === 1 && (minor > 1 || (minor === 1 && patch >= 5)));
  return atLeast ? 'list' : 'pipeline';
}

export function resolveFormat(configured: HuggingFaceFormat, userAgent: string | undefined): 'pipeline' | 'list' {
  return configured === 'auto' ? formatForUserAgent(userAgent) : configured;
}

export function formatHuggingFaceResults(results: readonly ClassificationResult[], single: boolean, format: 'pipeline' | 'list'): unknown {
  const shaped = results.map((result) =>
    format === 'pipeline' ? { sequence: result.text, labels: result.labels, scores: result.scores } : result.labels.map((label, index) => ({ label, score: result.scores[index] as number })),
  );
  return single ? shaped[0] : shaped;
}
