import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';
import { modelFiles } from './model-files-plugin.js';

// Cross-origin isolation lets onnxruntime-web use worker threads (SharedArrayBuffer).
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  // Workspace packages are bundled from their TypeScript sources; `browser` picks their browser entries.
  resolve: { conditions: ['@gliznet/source', ...defaultClientConditions] },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  plugins: [modelFiles({ directory: fileURLToPath(new URL('../../models/gliznet-use-lite', import.meta.url)) })],
  server: { headers: isolation },
  preview: { headers: isolation },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
});
