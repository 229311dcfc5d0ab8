/**
 * Serialises a tokenizer.json deterministically: two-space indentation, and a model vocabulary
 * written one entry per line (so diffs of the committed assets stay readable), trailing newline.
 */
export function formatTokenizerJson(tokenizer: Record<string, unknown>): string {
  const model = tokenizer['model'] as Record<string, unknown> | undefined;
  if (model === undefined || model['vocab'] === undefined) return `${JSON.stringify(tokenizer, null, 2)}\n`;
  const placeholder = '__GLIZNET_VOCABULARY__';
  const text = JSON.stringify({ ...tokenizer, model: { ...model, vocab: placeholder } }, null, 2);
  const vocabulary = model['vocab'];
  const indent = '      ';
  let body: string;
  if (Array.isArray(vocabulary)) {
    body = `[\n${vocabulary.map((entry) => indent + JSON.stringify(entry)).join(',\n')}\n    ]`;
  } else {
    const entries = Object.entries(vocabulary as Record<string, number>);
    body = `{\n${entries.map(([token, id]) => `${indent}${JSON.stringify(token)}: ${id}`).join(',\n')}\n    }`;
  }
  return `${text.replace(JSON.stringify(placeholder), () => body)}\n`;
}
