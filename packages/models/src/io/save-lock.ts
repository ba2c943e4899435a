import { join } from 'node:path';
import type { SaveFs } from './save-files.js';

/** Name of the file that marks a save in progress in a model folder. */
export const LOCK_NAME = '.rectify-save.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the folder's save lock, so two processes saving to one folder cannot remove each other's new files.
 * A lock left by a process that no longer runs (a killed save), or by this process (saves here are
 * synchronous, so none of ours is still running), is taken over.
 */
export function acquireSaveLock(dir: string, fs: SaveFs): () => void {
  const path = join(dir, LOCK_NAME);
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = fs.openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      let owner = NaN;
      try {
        owner = Number.parseInt(String(fs.readFileSync(path, 'utf8')), 10);
      } catch {
        // unreadable or vanished: treat as stale
      }
      if (Number.isSafeInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new Error(`another save to this folder is in progress (process ${owner}, lock file ${path})`);
      }
      fs.rmSync(path, { force: true });
      continue;
    }
    try {
      fs.writeSync(fd, String(process.pid));
    } finally {
      fs.closeSync(fd);
    }
    return () => fs.rmSync(path, { force: true });
  }
}
