import { constants } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ModelJson } from './format.js';
import { checkModelJson } from './model-json.js';
import { LOAD_LIMITS } from './limits.js';
import { checkManifest, type CheckedManifest } from './manifest.js';

// Links are not followed (a weights file must not lead outside the folder); O_NONBLOCK keeps opening a FIFO
// from waiting for a writer, so fstat can refuse it. Where O_NOFOLLOW does not exist (Windows) an lstat
// check stands in.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const OPEN_FLAGS = constants.O_RDONLY | NOFOLLOW | (constants.O_NONBLOCK ?? 0);

function describeOpenError(path: string, what: string, e: NodeJS.ErrnoException): Error {
  if (e.code === 'ELOOP' || e.code === 'EMLINK') return new Error(`loadModel: ${what} ${path} is a symbolic link, which the loader does not follow; copy the file into the model folder`);
  return new Error(`loadModel: cannot read ${what} ${path}: ${e.message}`);
}

/** Opens a regular file without following a link in its last component, and returns it with its size. */
async function openRegular(path: string, what: string): Promise<{ handle: FileHandle; size: number; ino: number }> {
  let handle: FileHandle;
  try {
    if (NOFOLLOW === 0 && (await lstat(path)).isSymbolicLink()) throw Object.assign(new Error('symbolic link'), { code: 'ELOOP' });
    handle = await open(path, OPEN_FLAGS);
  } catch (e) {
    throw describeOpenError(path, what, e as NodeJS.ErrnoException);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      const kind = stat.isDirectory() ? 'a directory' : stat.isFIFO() ? 'a FIFO' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : stat.isSocket() ? 'a socket' : 'not a regular file';
      throw new Error(`loadModel: ${what} ${path} is ${kind}; expected a regular file`);
    }
    return { handle, size: stat.size, ino: stat.ino };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** Reads exactly `size` bytes into `into` at `offset`, then checks the file holds nothing more. */
async function readExactly(handle: FileHandle, path: string, what: string, into: Uint8Array, offset: number, size: number): Promise<void> {
  let done = 0;
  while (done < size) {
    const { bytesRead } = await handle.read(into, offset + done, size - done, done);
    if (bytesRead === 0) throw new Error(`loadModel: ${what} ${path} shrank while being read (${done} of ${size} bytes)`);
    done += bytesRead;
  }
  const { bytesRead } = await handle.read(new Uint8Array(1), 0, 1, size);
  if (bytesRead !== 0) throw new Error(`loadModel: ${what} ${path} grew while being read (past ${size} bytes)`);
}

/** Reads model.json: a regular file (not a link) of at most `LOAD_LIMITS.maxJsonBytes`, parsed without prototype keys. */
export async function readModelJson(file: string): Promise<ModelJson> {
  const { handle, size } = await openRegular(file, 'model file');
  let bytes: Uint8Array;
  try {
    if (size > LOAD_LIMITS.maxJsonBytes) throw new Error(`loadModel: ${file} is ${size} bytes; model.json may be at most ${LOAD_LIMITS.maxJsonBytes} bytes`);
    bytes = new Uint8Array(size);
    await readExactly(handle, file, 'model file', bytes, 0, size);
  } finally {
    await handle.close();
  }
  return checkModelJson(new TextDecoder().decode(bytes), file);
}

/**
 * Reads the shards of a checked manifest into one buffer. Every shard is measured first (regular file, not a
 * link, in the folder), so the buffer is allocated only once the files are known to hold exactly the
 * manifest's bytes, and nothing past them is read.
 */
export async function readShards(folder: string, manifest: CheckedManifest): Promise<ArrayBuffer> {
  const expected = manifest.totalBytes;
  const measured: Array<{ path: string; size: number; ino: number }> = [];
  let total = 0;
  for (const name of manifest.paths) {
    const path = join(folder, name);
    const { handle, size, ino } = await openRegular(path, 'weights file');
    await handle.close();
    measured.push({ path, size, ino });
    total += size;
  }
  if (total !== expected) {
    throw new Error(`loadModel: the weights hold ${total} bytes but the manifest describes ${expected} (${total < expected ? 'truncated' : 'extra data'})`);
  }
  const data = new Uint8Array(expected);
  let at = 0;
  for (const { path, size, ino } of measured) {
    const { handle, size: now, ino: nowIno } = await openRegular(path, 'weights file');
    try {
      if (now !== size || nowIno !== ino) throw new Error(`loadModel: weights file ${path} changed while being read`);
      await readExactly(handle, path, 'weights file', data, at, size);
    } finally {
      await handle.close();
    }
    at += size;
  }
  return data.buffer;
}

/** Reads model.json (a folder or the file itself), its checked manifest and its weight shards. */
export async function readModelFiles(pathOrDir: string): Promise<{ json: ModelJson; manifest: CheckedManifest; data: ArrayBuffer; file: string }> {
  const file = pathOrDir.endsWith('.json') ? pathOrDir : join(pathOrDir, 'model.json');
  const json = await readModelJson(file);
  const manifest = checkManifest(json.weightsManifest, file);
  const data = await readShards(dirname(file), manifest);
  return { json, manifest, data, file };
}
