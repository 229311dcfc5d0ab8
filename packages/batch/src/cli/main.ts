#!/usr/bin/env node
/**
 * Entry point of `gliznet-batch` (bin/gliznet-batch.js runs the built copy) and of `pnpm gliznet
 * batch ...` in this repository. A leading `batch` word is accepted, so both spellings work.
 */
import { runCommandProcess } from '@gliznet/common';
import { runBatchCli } from './run-batch-cli.js';

await runCommandProcess(runBatchCli, { word: 'batch' });
