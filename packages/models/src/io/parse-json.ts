import { LOAD_LIMITS } from './limits.js';

// A hostile file must not pollute prototypes through these keys.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Counts objects/arrays and the deepest nesting outside strings, in one pass over the text: a few MiB of
 * `{},{},...` would otherwise become millions of objects (hundreds of MiB) before anything could check them.
 */
function measureStructure(text: string): { containers: number; depth: number } {
  let containers = 0;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      containers++;
      if (++depth > deepest) deepest = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return { containers, depth: deepest };
}

/**
 * Walks a parsed value: throws on the first own key that could reach a prototype once the value is copied or
 * merged, and on more objects/arrays or deeper nesting than the limits (which also stops at a cycle in an
 * in-memory value).
 */
function checkTree(value: unknown, path: string, depth: number, count: { containers: number }): void {
  if (!value || typeof value !== 'object') return;
  if (depth > LOAD_LIMITS.maxJsonDepth) throw new Error(`nested more than ${LOAD_LIMITS.maxJsonDepth} levels deep at ${path} (or holding a cycle)`);
  if (++count.containers > LOAD_LIMITS.maxJsonContainers) throw new Error(`more than ${LOAD_LIMITS.maxJsonContainers} objects and arrays`);
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkTree(v, `${path}[${i}]`, depth + 1, count));
    return;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw new Error(`forbidden key '${key}' at ${path || 'the top level'}`);
    checkTree((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key, depth + 1, count);
  }
}

/** Checks an in-memory model value (artifacts passed as objects) like parsed model JSON. */
export function checkModelValue(value: unknown, what: string): void {
  try {
    checkTree(value, '', 1, { containers: 0 });
  } catch (e) {
    throw new Error(`loadModel: ${what} is not acceptable model data: ${(e as Error).message}`);
  }
}

/**
 * Parses model JSON within `LOAD_LIMITS` (objects and arrays, nesting depth) and refuses prototype keys
 * (`__proto__`, `constructor`, `prototype`). JSON.parse itself only defines own properties, so the keys are
 * checked after parsing, on a tree whose size and depth are already bounded.
 */
export function parseModelJson(text: string, file: string): unknown {
  const { containers, depth } = measureStructure(text);
  if (containers > LOAD_LIMITS.maxJsonContainers) throw new Error(`loadModel: ${file} holds ${containers} JSON objects and arrays; the loader accepts at most ${LOAD_LIMITS.maxJsonContainers}`);
  if (depth > LOAD_LIMITS.maxJsonDepth) throw new Error(`loadModel: ${file} nests JSON ${depth} levels deep; the loader accepts at most ${LOAD_LIMITS.maxJsonDepth}`);
  try {
    const value: unknown = JSON.parse(text);
    checkTree(value, '', 1, { containers: 0 });
    return value;
  } catch (e) {
    throw new Error(`loadModel: ${file} is not valid model JSON: ${(e as Error).message}`);
  }
}
