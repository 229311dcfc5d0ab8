/** Whether a path exists, or is a file or a directory; never throws (a missing or unreadable path is `false`). */
import { stat } from 'node:fs/promises';

async function statOrUndefined(path: string): Promise<Awaited<ReturnType<typeof stat>> | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

export async function pathExists(path: string): Promise<boolean> {
  return (await statOrUndefined(path)) !== undefined;
}

export async function isFile(path: string): Promise<boolean> {
  return (await statOrUndefined(path))?.isFile() ?? false;
}

export async function isDirectory(path: string): Promise<boolean> {
  return (await statOrUndefined(path))?.isDirectory() ?? false;
}
