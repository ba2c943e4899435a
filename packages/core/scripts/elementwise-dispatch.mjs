// Writes assembly/elementwise-dispatch.ts, the op-code switch of the wasm elementwise kernels, from the
// kernel table in src/backend/elementwise-table.ts, so the codes the TypeScript side sends and the ones the
// wasm side reads cannot drift. build-wasm.mjs runs it before asc; a test compares the committed file with
// a fresh rendering.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the generated file lives, relative to the package root. */
export const DISPATCH_PATH = 'assembly/elementwise-dispatch.ts';

const HEADER = `// Generated from src/backend/elementwise-table.ts by scripts/elementwise-dispatch.mjs on every build (before
// asc) and committed: do not edit. To add or change an op, edit the table and the op's functions in
// elementwise-ops.ts.`;

function switchOver(kind, codes, count, params, args) {
  const cases = codes.ops.slice(0, count).map((op, code) => `    case ${code}: return ${op}${kind}(${args});`);
  const type = kind === 'Vector' ? 'v128' : 'f32';
  return [
    '// @ts-ignore: decorator',
    `@inline export function ${params.name}${kind}(op: i32, ${params.list.map((p) => `${p}: ${type}`).join(', ')}): ${type} {`,
    '  switch (op) {',
    ...cases,
    '    default: unreachable();',
    '  }',
    // asc wants a value after the switch although no case falls through
    `  return ${params.list[0]};`,
    '}',
  ].join('\n');
}

/**
 * The AssemblyScript source of the dispatch module for the given wasm codes (`unaryWasmCodes` and
 * `binaryWasmCodes` of the table).
 */
export function renderElementwiseDispatch(unary, binary) {
  const imports = [unary, binary].flatMap((c) => c.ops.flatMap((op, code) => (code < c.vectorOps ? [`${op}Vector`, `${op}Scalar`] : [`${op}Scalar`])));
  const u = { name: 'unary', list: ['v'] };
  const b = { name: 'binary', list: ['a', 'b'] };
  return [
    HEADER,
    `import {\n${imports.map((name) => `  ${name},`).join('\n')}\n} from './elementwise-ops';`,
    `/** Unary op codes below this have an f32x4 form. Codes: ${unary.ops.map((op, i) => `${i} ${op}`).join(', ')}. */\n` +
      `export const UNARY_VECTOR_OPS: i32 = ${unary.vectorOps};`,
    `/** Binary op codes below this have an f32x4 form. Codes: ${binary.ops.map((op, i) => `${i} ${op}`).join(', ')}. */\n` +
      `export const BINARY_VECTOR_OPS: i32 = ${binary.vectorOps};`,
    switchOver('Vector', unary, unary.vectorOps, u, 'v'),
    switchOver('Scalar', unary, unary.ops.length, u, 'v'),
    switchOver('Vector', binary, binary.vectorOps, b, 'a, b'),
    switchOver('Scalar', binary, binary.ops.length, b, 'a, b'),
  ].join('\n\n') + '\n';
}

/** Renders the dispatch module of the package at `root` from its table; rewrites the file only when it changed. */
export async function writeElementwiseDispatch(root) {
  // the table is TypeScript and this runs before tsc: tsx compiles it on the fly
  const tablePath = join(root, 'src/backend/elementwise-table.ts');
  let table;
  try {
    const { tsImport } = await import('tsx/esm/api');
    table = await tsImport(pathToFileURL(tablePath).href, import.meta.url);
  } catch (cause) {
    throw new Error(`elementwise-dispatch: cannot load the kernel table ${tablePath} through tsx (a dev dependency of the workspace root; run pnpm install): ${cause.message}`, { cause });
  }
  const text = renderElementwiseDispatch(table.unaryWasmCodes, table.binaryWasmCodes);
  const path = join(root, DISPATCH_PATH);
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return false;
  writeFileSync(path, text);
  return true;
}
