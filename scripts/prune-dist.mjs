// Removes build outputs whose source file is gone (tsc -b never deletes them), so a packed tarball holds only
// what the current sources compile to. Usage: node scripts/prune-dist.mjs [package folder ...]
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUTPUT = /\.(d\.ts|js|d\.ts\.map|js\.map)$/;

/** The outputs under `dist` of a package with no `src` file left to produce them; removed unless `dryRun`. */
export function pruneDist(packageDir, dryRun = false) {
  const dist = join(packageDir, 'dist');
  const stale = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (OUTPUT.test(entry.name)) {
        const base = relative(dist, path).replace(OUTPUT, '');
        if (!existsSync(join(packageDir, 'src', `${base}.ts`)) && !existsSync(join(packageDir, 'src', `${base}.d.ts`))) stale.push(path);
      }
    }
  };
  walk(dist);
  if (!dryRun) for (const path of stale) rmSync(path);
  return stale;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const dir of process.argv.slice(2)) {
    for (const path of pruneDist(dir)) console.log(`removed stale ${path}`);
  }
}
