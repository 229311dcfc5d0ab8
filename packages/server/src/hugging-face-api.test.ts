import { describe, expect, it } from 'vitest';
import { formatForUserAgent, formatHuggingFaceResults, parseCandidateLabels, parseHuggingFaceBody, toGliznetTemplate } from './hugging-face-api.js';

describe('the Hugging Face shape', () => {
  it('answers huggingface_hub >= 1.1.5 with [{label, score}] and everyone else with {sequence, labels, scores}', () => {
    // Checked against the clients' sources: 1.1.4 reads output["labels"], 1.1.5 parses a list.
    expect(formatForUserAgent('unknown/None; hf_hub/1.1.4; python/3.11.2')).toBe('pipeline');
    expect(formatForUserAgent('unknown/None; hf_hub/1.1.5; python/3.11.2')).toBe('list');
    expect(formatForUserAgent('unknown/None; hf_hub/0.26.5; python/3.11.2')).toBe('pipeline');
    expect(formatForUserAgent('unknown/None; hf_hub/2.4.0; python/3.11.2')).toBe('list');
    expect(formatForUserAgent('unknown/None; hf_hub/1.2.0.dev0; python/3.11.2')).toBe('list');
    expect(formatForUserAgent('curl/8.0')).toBe('pipeline');
    expect(formatForUserAgent(undefined)).toBe('pipeline');
  });

  it('takes candidate labels as a list or a comma-separated string, and "{}" templates', () => {
    expect(parseCandidateLabels('sports, politics,,science ')).toEqual(['sports', 'politics', 'science']);
    expect(parseCandidateLabels(['a,b', 'c'])).toEqual(['a,b', 'c']);
    expect(toGliznetTemplate('This example is {}.')).toBe('This example is {label}.');
    expect(toGliznetTemplate('About {label}')).toBe('About {label}');
    expect(() => toGliznetTemplate('no placeholder')).toThrow(/has no placeholder; put "\{\}"/);
    const parsed = parseHuggingFaceBody({ inputs: 'text', parameters: { candidate_labels: 'a,b', multi_label: true, hypothesis_template: null } });
    expect(parsed).toEqual({ request: { texts: ['text'], labels: ['a', 'b'], options: { multiLabel: true, threshold: 0 } }, single: true, hypothesisTemplate: undefined });
  });

  it('shapes results in both formats, one or several inputs', () => {
    const results = [{ text: 't', labels: ['b', 'a'], scores: [0.7, 0.3], truncated: false }];
    expect(formatHuggingFaceResults(results, true, 'pipeline')).toEqual({ sequence: 't', labels: ['b', 'a'], scores: [0.7, 0.3] });
    expect(formatHuggingFaceResults(results, false, 'pipeline')).toEqual([{ sequence: 't', labels: ['b', 'a'], scores: [0.7, 0.3] }]);
    expect(formatHuggingFaceResults(results, true, 'list')).toEqual([{ label: 'b', score: 0.7 }, { label: 'a', score: 0.3 }]);
  });
});
