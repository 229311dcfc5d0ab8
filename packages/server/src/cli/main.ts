#!/usr/bin/env node
/**
 * Entry point of `gliznet-serve` (bin/gliznet-serve.js runs the built copy) and of `pnpm gliznet
 * serve ...` in this repository. A leading `serve` word is accepted, so both spellings work.
 * SIGTERM or SIGINT stops gracefully (exit 0); a second one exits at once.
 */
import { runCommandProcess } from '@gliznet/common';
import { runServeCli } from './serve-command.js';

await runCommandProcess(runServeCli, { word: 'serve' });
