/**
 * Developer script: writes and exports one tiny random model directory per architecture x encoder
 * family x scorer (both from the registries) x pooling x projection variant, for checking the files with other tools:
 *
 *   pnpm exec tsx --conditions=@gliznet/source packages/onnx-export/scripts/export-tiny-models.ts /tmp/gliznet-tiny
 *   pnpm check:onnx /tmp/gliznet-tiny/*
 */
import { join } from 'node:path';
import { ENCODER_FAMILIES, SIMILARITIES } from '@gliznet/common';
import { exportOnnx } from '../src/index.js';
import { createTinyModelConfig, writeRandomModelDirectory } from '../src/testing/index.js';

const output = process.argv[2];
if (output === undefined) {
  process.stderr.write('usage: export-tiny-models.ts <output directory>\n');
  process.exit(2);
}
let count = 0;
for (const encoder of ENCODER_FAMILIES) {
  for (const textPooling of ['cls', 'mean'] as const) {
    const crossEncoder = createTinyModelConfig({ encoder, architecture: 'cross-encoder', textPooling });
    const crossDirectory = join(output, `cross-encoder-${encoder}-${textPooling}`);
    await writeRandomModelDirectory(crossDirectory, { config: crossEncoder, seed: ++count });
    await exportOnnx(crossDirectory);
    for (const similarity of SIMILARITIES) {
      for (const labelPooling of ['attention', 'mean'] as const) {
        for (const projectionDim of [null, 12]) {
          const config = createTinyModelConfig({ encoder, textPooling, similarity, labelPooling, projectionDim });
          const directory = join(output, `gliznet-${encoder}-${similarity}-${labelPooling}-${textPooling}-${projectionDim === null ? 'noproj' : 'proj'}`);
          await writeRandomModelDirectory(directory, { config, seed: ++count });
          await exportOnnx(directory);
        }
      }
    }
  }
}
process.stdout.write(`exported ${count} model directories (fp32 + int8 each) to ${output}\n`);
