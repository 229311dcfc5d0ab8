/**
 * Serves a model directory's browser files from the page's own origin without copying them into
 * git: in `vite dev` and `vite preview` a middleware streams them from the repository's models/
 * directory, and `vite build` copies them into the output (dist/model/...). The page fetches
 * `model/config.json`, `model/tokenizer.json` and `model/onnx/<graph>.onnx` relative to itself.
 */
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Connect, Plugin } from 'vite';

/** The files of a model directory a browser classifier loads. */
export const MODEL_FILES = ['config.json', 'tokenizer.json', 'onnx/model_quantized.onnx', 'onnx/model.onnx'] as const;

const CONTENT_TYPES: Record<string, string> = { '.json': 'application/json', '.onnx': 'application/octet-stream' };

export interface ModelFilesOptions {
  /** The model directory to serve. */
  directory: string;
  /** URL path (below the base) the files appear under. Default `model/`. */
  urlPath?: string;
}

function middleware(directory: string, urlPath: string): Connect.NextHandleFunction {
  return (request, response, next) => {
    const path = (request.url ?? '').split('?')[0] ?? '';
    const prefix = `/${urlPath}`;
    const name = path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
    if (name === undefined || !(MODEL_FILES as readonly string[]).includes(name)) {
      next();
      return;
    }
    const file = join(directory, name);
    stat(file).then(
      (info) => {
        response.setHeader('Content-Type', CONTENT_TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream');
        response.setHeader('Content-Length', String(info.size));
        createReadStream(file).pipe(response);
      },
      () => next(),
    );
  };
}

export function modelFiles(options: ModelFilesOptions): Plugin {
  const directory = resolve(options.directory);
  const urlPath = options.urlPath ?? 'model/';
  let outDir = '';
  return {
    name: 'gliznet-model-files',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(middleware(directory, urlPath));
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware(directory, urlPath));
    },
    async writeBundle() {
      for (const name of MODEL_FILES) {
        const target = join(outDir, urlPath, name);
        await mkdir(dirname(target), { recursive: true });
        await copyFile(join(directory, name), target);
      }
    },
  };
}
