import type { ModelJson } from './format.js';
import { LOAD_LIMITS } from './limits.js';
import { checkManifest, type CheckedManifest } from './manifest.js';
import { checkModelJson } from './model-json.js';

/** The part of a fetch `Response` the loader reads. */
interface FetchedBody {
  ok: boolean;
  status: number;
  statusText: string;
  headers: { get(name: string): string | null };
  body?: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> } } | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}
type Fetch = (url: string) => Promise<FetchedBody>;

/** GETs `url`, refusing an error status or a body past `maxBytes` (read no further than that). */
async function fetchBytes(fetch: Fetch, url: string, what: string, maxBytes: number): Promise<Uint8Array> {
  let response: FetchedBody;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error(`loadModel: cannot fetch ${what} ${url}: ${(e as Error).message}`);
  }
  if (!response.ok) throw new Error(`loadModel: fetching ${what} ${url} answered ${response.status} ${response.statusText}`.trimEnd());
  const declared = Number(response.headers.get('content-length') ?? NaN);
  const tooLong = (n: number) => new Error(`loadModel: ${what} ${url} is ${n} bytes or more; expected at most ${maxBytes}`);
  if (declared > maxBytes) throw tooLong(declared);
  const reader = response.body?.getReader();
  if (!reader) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > maxBytes) throw tooLong(bytes.length);
    return bytes;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value!.length;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLong(total);
    }
    chunks.push(value!);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Reads model.json over http(s) and the weight shards it lists, resolved relative to it, with the checks
 * files get: size limits, the manifest, and shards holding exactly the manifest's bytes (a truncated
 * or padded shard is refused).
 */
export async function readModelUrl(url: string, fetch: Fetch = globalThis.fetch as unknown as Fetch): Promise<{ json: ModelJson; manifest: CheckedManifest; data: ArrayBuffer; file: string }> {
  if (typeof fetch !== 'function') throw new Error(`loadModel: cannot load ${url}: this platform has no fetch`);
  const file = url;
  const json = checkModelJson(new TextDecoder().decode(await fetchBytes(fetch, url, 'model file', LOAD_LIMITS.maxJsonBytes)), file);
  const manifest = checkManifest(json.weightsManifest, file);
  const expected = manifest.totalElements * 4;
  const data = new Uint8Array(expected);
  let at = 0;
  for (const name of manifest.paths) {
    // one byte past what is left, so a padded shard shows as extra data without reading all of it
    const shard = await fetchBytes(fetch, new URL(name, url).href, 'weights file', expected - at + 1).catch((e: Error) => {
      if (/bytes or more/.test(e.message)) throw new Error(`loadModel: the weights of ${file} hold more bytes than the manifest describes (${expected}, extra data)`);
      throw e;
    });
    if (at + shard.length > expected) throw new Error(`loadModel: the weights of ${file} hold more bytes than the manifest describes (${expected}, extra data)`);
    data.set(shard, at);
    at += shard.length;
  }
  if (at !== expected) throw new Error(`loadModel: the weights hold ${at} bytes but the manifest describes ${expected} (truncated)`);
  return { json, manifest, data: data.buffer, file };
}
