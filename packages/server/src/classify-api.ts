/** `POST /v1/classify`: the SDK's own `classify(texts, labels, options)`, answered with what it returns. */
import type { ClassifyRequest, RequestScoringOptions } from '@gliznet/sdk';

export interface ClassifyBody {
  texts: string | string[];
  labels: string[] | string[][];
  multiLabel?: boolean;
  threshold?: number;
  topK?: number;
  hypothesisTemplate?: string;
}

export interface ParsedClassifyRequest {
  request: ClassifyRequest;
  single: boolean;
  hypothesisTemplate: string | undefined;
}

export function parseClassifyBody(body: ClassifyBody): ParsedClassifyRequest {
  const single = typeof body.texts === 'string';
  const options: RequestScoringOptions = {};
  if (body.multiLabel !== undefined) options.multiLabel = body.multiLabel;
  if (body.threshold !== undefined) options.threshold = body.threshold;
  if (body.topK !== undefined) options.topK = body.topK;
  return { request: { texts: single ? [body.texts as string] : (body.texts as string[]), labels: body.labels, options }, single, hypothesisTemplate: body.hypothesisTemplate };
}

/** The SDK's argument names are this route's field names, except one text (`texts`) and the template. */
export function classifyParam(argument: string): string {
  if (argument === 'text') return 'texts';
  if (argument.endsWith('hypothesisTemplate')) return 'hypothesisTemplate';
  return argument;
}
