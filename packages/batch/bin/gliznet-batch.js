#!/usr/bin/env node
// The gliznet-batch command: runs the compiled CLI (build the package first: pnpm --filter @gliznet/batch build).
import '../dist/cli/main.js';
