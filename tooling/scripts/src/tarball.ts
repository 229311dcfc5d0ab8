/**
 * Reading an npm package tarball (gzip + ustar, as `pnpm pack` and `npm pack` write it) without
 * unpacking it: the file list and the text of one file. Handles ustar name prefixes and pax `path`
 * records; directories, links and other entry types are skipped.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

const BLOCK = 512;

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? raw.length : end).toString('utf8');
}

/** The `path` of a pax extended header, if it has one. */
function paxPath(body: Buffer): string | undefined {
  let offset = 0;
  while (offset < body.length) {
    const space = body.indexOf(0x20, offset);
    if (space === -1) break;
    const length = Number.parseInt(body.subarray(offset, space).toString('utf8'), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = body.subarray(space + 1, offset + length - 1).toString('utf8');
    if (record.startsWith('path=')) return record.slice('path='.length);
    offset += length;
  }
  return undefined;
}

/** Every regular file in the tarball, path to contents (paths as stored, e.g. `package/package.json`). */
export async function readTarball(path: string): Promise<Map<string, Buffer>> {
  const archive = gunzipSync(await readFile(path));
  const files = new Map<string, Buffer>();
  let offset = 0;
  let nextPath: string | undefined;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const size = Number.parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0x30);
    const prefix = field(header, 345, 155);
    const name = prefix === '' ? field(header, 0, 100) : `${prefix}/${field(header, 0, 100)}`;
    const body = archive.subarray(offset + BLOCK, offset + BLOCK + size);
    if (type === 'x') nextPath = paxPath(body);
    else {
      if (type === '0' || type === '\0') files.set(nextPath ?? name, Buffer.from(body));
      nextPath = undefined;
    }
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return files;
}
