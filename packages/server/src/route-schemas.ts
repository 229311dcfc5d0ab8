/**
 * JSON schemas of the request and response bodies (Fastify validates requests with them, and
 * `/openapi.json` publishes them). They check shapes and types; limits (texts, labels, lengths) and
 * the SDK's own rules (empty or duplicate labels, the separator) are checked in code, so that the
 * message can name the value and the fix.
 */

const stringOrStrings = (minItems: number) => ({ anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems }] });

/** `POST /` and `POST /zero-shot-classification`: the Hugging Face Inference API zero-shot request. */
export const huggingFaceRequestSchema = {
  $id: 'HuggingFaceZeroShotRequest',
  type: 'object',
  required: ['inputs', 'parameters'],
  additionalProperties: false,
  properties: {
    inputs: { ...stringOrStrings(1), description: 'The text to classify, or several texts.' },
    parameters: {
      type: 'object',
      required: ['candidate_labels'],
      additionalProperties: false,
      properties: {
        candidate_labels: { ...stringOrStrings(1), description: 'Candidate labels: a list, or one string of comma-separated labels.' },
        multi_label: { type: ['boolean', 'null'], description: 'Judge each label on its own (sigmoid scores) instead of a softmax across the labels. Default false.' },
        hypothesis_template: { type: ['string', 'null'], description: 'How a label is phrased to the model, "{}" (or "{label}") replaced by the label. Default: the template the model was trained with.' },
      },
    },
    options: { type: 'object', description: 'Hugging Face Inference API options (use_cache, wait_for_model): accepted and ignored.' },
  },
} as const;

const pipelineResult = {
  type: 'object',
  required: ['sequence', 'labels', 'scores'],
  properties: { sequence: { type: 'string' }, labels: { type: 'array', items: { type: 'string' } }, scores: { type: 'array', items: { type: 'number' } } },
} as const;

const labelScoreList = { type: 'array', items: { type: 'object', required: ['label', 'score'], properties: { label: { type: 'string' }, score: { type: 'number' } } } } as const;

/** The Hugging Face answer: one result per input (an array of them for several inputs), best label first. */
export const huggingFaceResponseSchema = {
  description: 'format "pipeline": {sequence, labels, scores} (an array of them for several inputs); format "list": [{label, score}, ...] (an array of lists for several inputs).',
  anyOf: [pipelineResult, { type: 'array', items: pipelineResult }, labelScoreList, { type: 'array', items: labelScoreList }],
} as const;

/** `POST /v1/classify`: the SDK's `classify(texts, labels, options)`. */
export const classifyRequestSchema = {
  $id: 'ClassifyRequest',
  type: 'object',
  required: ['texts', 'labels'],
  additionalProperties: false,
  properties: {
    texts: { ...stringOrStrings(1), description: 'One text (answered with one result) or several (answered with an array, in order).' },
    labels: { type: 'array', minItems: 1, items: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }, description: 'One label list shared by all texts, or one list per text.' },
    multiLabel: { type: 'boolean', description: 'Independent sigmoid scores, filtered by threshold. Default false (softmax across the labels).' },
    threshold: { type: 'number', minimum: 0, maximum: 1, description: "Keep labels scoring at least this. Default: the model's threshold with multiLabel, none otherwise." },
    topK: { type: 'integer', minimum: 1, description: 'Keep at most this many labels. Default: all.' },
    hypothesisTemplate: { type: 'string', description: "How a label is phrased to the model, \"{label}\" replaced. Default: the model's template." },
  },
} as const;

const classificationResult = {
  type: 'object',
  required: ['text', 'labels', 'scores', 'truncated'],
  properties: {
    text: { type: 'string' },
    labels: { type: 'array', items: { type: 'string' } },
    scores: { type: 'array', items: { type: 'number' } },
    truncated: { type: 'boolean', description: 'Part of the text did not fit the window and was not read.' },
  },
} as const;

export const classifyResponseSchema = { anyOf: [classificationResult, { type: 'array', items: classificationResult }] } as const;

/** Every error answer. */
export const errorResponseSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'param'],
      properties: {
        code: { type: 'string', description: 'Machine-readable, e.g. InvalidArgumentError, ServerOverloadedError.' },
        message: { type: 'string', description: 'What is wrong and how to fix it.' },
        param: { type: ['string', 'null'], description: 'The request field at fault (e.g. parameters.candidate_labels[2]), when one is.' },
      },
    },
  },
} as const;
