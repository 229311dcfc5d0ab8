/**
 * Writes random GliZNet and cross-encoder model directories to prove the bench pipeline end to end
 * before trained models exist:
 *   pnpm exec tsx --conditions=@gliznet/source apps/bench/scripts/write-tiny-models.ts /tmp/bench-models            # tiny BERT, bert-base-uncased tokenizer
 *   pnpm exec tsx --conditions=@gliznet/source apps/bench/scripts/write-tiny-models.ts /tmp/bench-models use-lite   # USE-Lite's real dimensions (speed previews)
 * Random weights: accuracy figures are meaningless; run time is that of a trained model of the same size.
 */
import { resolve } from 'node:path';
import { writeTinySdkModels } from '../src/testing/tiny-sdk-models.js';

const directory = resolve(process.argv[2] ?? 'tmp/bench-models');
const size = process.argv[3] === 'use-lite' ? 'use-lite' : 'tiny';
const models = await writeTinySdkModels(directory, { tokenizer: 'bert-base-uncased', size });
process.stdout.write(`${JSON.stringify(models, null, 2)}\n`);
