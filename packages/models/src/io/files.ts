import * as nodeFs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { safeParse, type ModelJson, type WeightSpec } from './format.js';

/** The file operations saving needs; injectable so tests can make a write fail. */
export type SaveFs = Pick<typeof nodeFs, 'mkdirSync' | 'writeFileSync' | 'renameSync' | 'rmSync'>;

/**
 * Writes model.json and weights.bin atomically: both go to temporary names in the same folder, then are
 * renamed into place; on any error the temporaries are removed and the previous model stays intact.
 */
export function writeModelFiles(dir: string, json: ModelJson, weights: ArrayBuffer, fs: SaveFs = nodeFs): void {
  fs.mkdirSync(dir, { recursive: true });
  const tag = randomBytes(6).toString('hex');
  const temps = [join(dir, `.weights.bin.${tag}.tmp`), join(dir, `.model.json.${tag}.tmp`)];
  try {
    fs.writeFileSync(temps[0], new Uint8Array(weights));
    fs.writeFileSync(temps[1], JSON.stringify(json));
    fs.renameSync(temps[0], join(dir, 'weights.bin'));
    fs.renameSync(temps[1], join(dir, 'model.json'));
  } catch (e) {
    for (const t of temps) fs.rmSync(t, { force: true });
    throw new Error(`saveModel: could not save to ${dir}: ${(e as Error).message}; the previous files are unchanged`);
  }
}

/** A shard path must be a plain file name in the model's folder: no `..`, no separators, no absolute paths. */
function checkShardPath(path: unknown, file: string): string {
  if (typeof path !== 'string' || path === '' || path !== basename(path) || path === '.' || path === '..' || /[\\/]/.test(path)) {
    throw new Error(`loadModel: ${file} lists a weights path ${JSON.stringify(path)} outside the model folder; only plain file names are allowed`);
  }
  return path;
}

/** Reads model.json (from a folder or the file itself) and its weight shards. */
export function readModelFiles(pathOrDir: string): { json: ModelJson; specs: WeightSpec[]; data: ArrayBuffer } {
  const file = pathOrDir.endsWith('.json') ? pathOrDir : join(pathOrDir, 'model.json');
  let text: string;
  try {
    text = nodeFs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`loadModel: cannot read ${file}: ${(e as Error).message}`);
  }
  const json = safeParse(text, file) as ModelJson;
  if (!json || typeof json !== 'object' || !json.modelTopology || typeof json.modelTopology !== 'object') throw new Error(`loadModel: ${file} has no modelTopology`);
  if (json.format !== undefined && json.format !== 'layers-model') throw new Error(`loadModel: ${file} has format ${JSON.stringify(json.format)}; expected 'layers-model'`);
  const manifest = json.weightsManifest ?? [];
  if (!Array.isArray(manifest) || manifest.length > 10_000) throw new Error(`loadModel: ${file} has a malformed weightsManifest`);
  const folder = dirname(file);
  const specs: WeightSpec[] = [];
  const chunks: Uint8Array[] = [];
  for (const group of manifest) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group?.weights) || group.paths.length > 10_000) throw new Error(`loadModel: ${file} has a malformed weightsManifest group`);
    for (const p of group.paths) {
      const shard = join(folder, checkShardPath(p, file));
      try {
        chunks.push(nodeFs.readFileSync(shard));
      } catch (e) {
        throw new Error(`loadModel: cannot read weights file ${shard}: ${(e as Error).message}`);
      }
    }
    specs.push(...group.weights);
  }
  const data = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    data.set(c, at);
    at += c.length;
  }
  return { json, specs, data: data.buffer };
}
