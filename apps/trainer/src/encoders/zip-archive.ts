/**
 * Reads the entries of a zip archive (a Python wheel is one) held in memory: the central
 * directory, then each entry stored (method 0) or deflated (method 8). Zip64 archives and other
 * compression methods are refused by name; the wheels this reads are far below 4 GB.
 */
import { inflateRawSync } from 'node:zlib';
import { DataFormatError } from '@gliznet/common';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const END_SEARCH_WINDOW = 22 + 0xffff;

export interface ZipEntry {
  /** Path inside the archive, `/`-separated. */
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header in the archive. */
  localHeaderOffset: number;
}

export class ZipArchive {
  private constructor(
    private readonly bytes: Buffer,
    private readonly path: string,
    readonly entries: readonly ZipEntry[],
  ) {}

  /** Parses the central directory of `bytes` (read from `path`, named in errors). Throws DataFormatError. */
  static open(bytes: Buffer, path: string): ZipArchive {
    const start = Math.max(0, bytes.length - END_SEARCH_WINDOW);
    let end = -1;
    for (let offset = bytes.length - 22; offset >= start; offset--) {
      if (bytes.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) {
        end = offset;
        break;
      }
    }
    if (end < 0) throw new DataFormatError(path, `${path} is not a zip archive (no end-of-central-directory record); download it again`);
    const count = bytes.readUInt16LE(end + 10);
    const directoryOffset = bytes.readUInt32LE(end + 16);
    if (count === 0xffff || directoryOffset === 0xffffffff) throw new DataFormatError(path, `${path} is a zip64 archive, which this reader does not support`);
    const entries: ZipEntry[] = [];
    let offset = directoryOffset;
    for (let index = 0; index < count; index++) {
      if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== CENTRAL_DIRECTORY_ENTRY) {
        throw new DataFormatError(path, `${path}: central directory entry ${index} is damaged; download it again`);
      }
      const nameLength = bytes.readUInt16LE(offset + 28);
      const extraLength = bytes.readUInt16LE(offset + 30);
      const commentLength = bytes.readUInt16LE(offset + 32);
      entries.push({
        name: bytes.toString('utf8', offset + 46, offset + 46 + nameLength),
        method: bytes.readUInt16LE(offset + 10),
        compressedSize: bytes.readUInt32LE(offset + 20),
        size: bytes.readUInt32LE(offset + 24),
        localHeaderOffset: bytes.readUInt32LE(offset + 42),
      });
      offset += 46 + nameLength + extraLength + commentLength;
    }
    return new ZipArchive(bytes, path, entries);
  }

  /** The entry named `name`, or undefined. */
  entry(name: string): ZipEntry | undefined {
    return this.entries.find((entry) => entry.name === name);
  }

  /** The uncompressed bytes of an entry. Throws DataFormatError on an unknown method or a size mismatch. */
  read(entry: ZipEntry): Buffer {
    const offset = entry.localHeaderOffset;
    if (this.bytes.readUInt32LE(offset) !== LOCAL_FILE_HEADER) throw new DataFormatError(this.path, `${this.path}: the local header of ${entry.name} is damaged`);
    const dataStart = offset + 30 + this.bytes.readUInt16LE(offset + 26) + this.bytes.readUInt16LE(offset + 28);
    const raw = this.bytes.subarray(dataStart, dataStart + entry.compressedSize);
    let data: Buffer;
    if (entry.method === 0) data = Buffer.from(raw);
    else if (entry.method === 8) data = inflateRawSync(raw);
    else throw new DataFormatError(this.path, `${this.path}: ${entry.name} uses zip compression method ${entry.method}; only stored (0) and deflate (8) are supported`);
    if (data.length !== entry.size) throw new DataFormatError(this.path, `${this.path}: ${entry.name} inflated to ${data.length} bytes, the directory says ${entry.size}`);
    return data;
  }
}
