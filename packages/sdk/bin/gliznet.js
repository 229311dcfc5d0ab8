#!/usr/bin/env node
// The gliznet command: runs the compiled CLI (build the package first: pnpm --filter @gliznet/sdk build).
import '../dist/cli/main.js';
