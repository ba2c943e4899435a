import * as nodeFs from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ModelJson } from './format.js';
import { LOCK_NAME, acquireSaveLock } from './save-lock.js';
import { LOAD_LIMITS } from './limits.js';
import { parseModelJson } from './parse-json.js';

/** The file operations saving uses; injectable so tests can make an operation fail or stop the process. */
export type SaveFs = Pick<typeof nodeFs, 'mkdirSync' | 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'rmSync' | 'readdirSync' | 'readFileSync' | 'lstatSync'>;

/** Weight files Rectify writes: `weights.<12 hex digits>.bin`, a fresh name per save. */
const SHARD = /^weights\.[0-9a-f]{12}\.bin$/;
/** Temporaries of a save (current and earlier layouts), left behind only by a save that was killed. */
const TEMPORARY = /^\.(model\.json|weights\.bin)\.[0-9a-f]{12}\.tmp$/;
const MAX_JSON_BYTES = LOAD_LIMITS.maxJsonBytes;

/** Writes a whole new file and flushes it to disk; refuses to replace an existing one. Records what it created. */
function writeDurably(fs: SaveFs, path: string, bytes: Uint8Array, created: string[]): void {
  const fd = fs.openSync(path, 'wx');
  created.push(path);
  try {
    for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at, bytes.length - at);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes renames and removals in `dir` durable (directories cannot be opened for fsync on Windows). */
function syncFolder(fs: SaveFs, dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The weight files the folder's current model.json lists, or null when it cannot be read as one (then no
 * weight file is treated as unreferenced). Only a regular file of sane size is read: a save must not hang
 * on a FIFO or read a device placed where model.json belongs.
 */
function referencedShards(fs: SaveFs, dir: string): Set<string> | null {
  const file = join(dir, 'model.json');
  try {
    const stat = fs.lstatSync(file);
    if (!stat.isFile() || stat.size > MAX_JSON_BYTES) return null;
    const json = parseModelJson(String(fs.readFileSync(file, 'utf8')), file) as ModelJson;
    const names = new Set<string>();
    for (const group of json.weightsManifest ?? []) for (const p of group.paths) if (typeof p === 'string' && p !== '' && !/[\\/]/.test(p) && p !== '.' && p !== '..') names.add(p);
    return names;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? new Set() : null;
  }
}

/** Removes what killed saves left: temporaries, and Rectify weight files the current model.json does not list. */
function removeLeftovers(fs: SaveFs, dir: string, referenced: Set<string> | null): void {
  for (const name of fs.readdirSync(dir) as string[]) {
    if (TEMPORARY.test(name) || (referenced && SHARD.test(name) && !referenced.has(name))) fs.rmSync(join(dir, name), { force: true });
  }
}

/** Removes the previous model's weight files that the new model.json does not list. */
function removeReplaced(fs: SaveFs, dir: string, previous: Set<string> | null, keep: string): void {
  for (const name of previous ?? []) {
    if (name === keep || name === 'model.json' || name === LOCK_NAME) continue;
    const path = join(dir, name);
    let stat: nodeFs.Stats;
    try {
      stat = fs.lstatSync(path);
    } catch {
      continue; // already gone
    }
    // a folder that happens to carry a listed name is not a weights file of ours to delete
    if (stat.isFile() || stat.isSymbolicLink()) fs.rmSync(path, { force: true });
  }
}

/**
 * Saves model.json and its weights so that a crash at any point leaves the folder holding either the
 * complete previous model or the complete new one:
 * 1. the weights go to a fresh file `weights.<tag>.bin` that nothing references yet, flushed to disk;
 * 2. model.json goes to `.model.json.<tag>.tmp`, flushed, the folder is flushed, then the temporary is
 *    renamed over model.json (the one atomic step that switches models), and the folder is flushed again;
 * 3. only then are the previous model's weight files removed.
 * Leftovers of an earlier killed save are removed first; a lock file keeps two processes from saving to
 * one folder at once. Returns the name of the new weights file.
 */
export function writeModelFiles(dir: string, modelJson: (shard: string) => ModelJson, weights: ArrayBuffer, fs: SaveFs = nodeFs): string {
  const tag = randomBytes(6).toString('hex');
  const shard = `weights.${tag}.bin`;
  const temp = join(dir, `.model.json.${tag}.tmp`);
  let release: (() => void) | null = null;
  let previous: Set<string> | null = null;
  // only files this save created are removed on failure (never one that happened to exist already)
  const created: string[] = [];
  try {
    fs.mkdirSync(dir, { recursive: true });
    release = acquireSaveLock(dir, fs);
    previous = referencedShards(fs, dir);
    removeLeftovers(fs, dir, previous);
    writeDurably(fs, join(dir, shard), new Uint8Array(weights), created);
    writeDurably(fs, temp, new TextEncoder().encode(JSON.stringify(modelJson(shard))), created);
    // the new files' folder entries must be on disk before a model.json that names them can be
    syncFolder(fs, dir);
    fs.renameSync(temp, join(dir, 'model.json'));
  } catch (e) {
    for (const path of created) {
      try {
        fs.rmSync(path, { force: true });
      } catch {
        // the next save removes it
      }
    }
    try {
      release?.();
    } catch {
      // a stale lock is taken over by the next save
    }
    throw new Error(`saveModel: could not save to ${dir}: ${(e as Error).message}; the previous model is unchanged`);
  }
  let step = 'flushing the folder';
  try {
    syncFolder(fs, dir);
    step = 'removing the previous weights';
    removeReplaced(fs, dir, previous, shard);
    step = 'removing the lock file';
    release();
    release = null;
  } catch (e) {
    try {
      release?.();
    } catch {
      // a stale lock is taken over by the next save
    }
    const durability = step === 'flushing the folder' ? '; a power loss could still bring back the previous model' : '';
    throw new Error(`saveModel: the new model is in ${dir}/model.json and ${shard}, but ${step} failed: ${(e as Error).message}${durability}; the next save removes any leftover files`);
  }
  return shard;
}
