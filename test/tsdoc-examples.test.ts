// Every `@example` in the TSDoc of the packages compiles: the examples are extracted, each into its own
// block of one module that imports the umbrella package, and type-checked with `tsc --strict`. Examples may
// use the few context values declared below (a model, data tensors); anything else they must define.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
/** The umbrella package's import name. */
const UMBRELLA = '@rectify/rectify';
const tscBin = createRequire(join(repo, 'package.json')).resolve('typescript/bin/tsc');

interface Example {
  where: string;
  code: string;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sources(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

/** The `@example` blocks of every doc comment, with the file and line they come from. */
function extract(file: string): Example[] {
  const text = readFileSync(file, 'utf8');
  const out: Example[] = [];
  for (const comment of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const lines = comment[1].split('\n').map((l) => l.replace(/^\s*\* ?/, ''));
    const startLine = text.slice(0, comment.index).split('\n').length;
    lines.forEach((line, i) => {
      const m = /@example\s?(.*)$/.exec(line);
      if (!m) return;
      const body = [m[1]];
      for (let j = i + 1; j < lines.length && !/^\s*@\w+/.test(lines[j]); j++) body.push(lines[j]);
      out.push({ where: `${relative(repo, file)}:${startLine + i}`, code: body.join('\n').trim() });
    });
  }
  return out.filter((e) => e.code !== '');
}

// What examples may take as given: a model and data of the usual shapes.
const CONTEXT = `
// \`model\` names a compiled Sequential in most examples, and the graph-model factory in the others
declare const model: Sequential & typeof modelFactory;
declare const layer: Dense;
declare const x: Tensor, y: Tensor, xs: Tensor, ys: Tensor, xTrain: Tensor, yTrain: Tensor, xTest: Tensor, yTest: Tensor;
declare const xProbe: Tensor, yProbe: Tensor, xBatch: Tensor, yBatch: Tensor, yTrue: Tensor, yPred: Tensor, params: Parameter[];
declare const history: History;
`;

describe('TSDoc examples', () => {
  const examples = readdirSync(join(repo, 'packages')).flatMap((p) => sources(join(repo, 'packages', p, 'src')).flatMap(extract));

  it('are found in every package', () => {
    expect(examples.length).toBeGreaterThan(150);
  });

  it('all type-check against the umbrella package', async () => {
    const umbrella = await import(UMBRELLA);
    const names = Object.keys(umbrella).filter((n) => n !== 'default' && n !== 'model');
    const imports = new Set<string>();
    const blocks = examples.map((e, i) => {
      const body = e.code.split('\n').filter((line) => {
        if (!/^import /.test(line)) return true;
        if (!line.includes(`from '${UMBRELLA}'`)) imports.add(line);
        return false;
      });
      return `// example ${i}: ${e.where}\n{\n${body.join('\n')}\n}`;
    });
    const dir = join(repo, '.tmp', 'tsdoc-examples');
    mkdirSync(dir, { recursive: true });
    const source = [
      `import { ${names.join(', ')} } from '${UMBRELLA}';`,
      `import type { Logs } from '${UMBRELLA}';`,
      `import { model as modelFactory } from '${UMBRELLA}';`,
      ...imports,
      CONTEXT,
      ...blocks,
      'export {};',
    ].join('\n');
    writeFileSync(join(dir, 'examples.mts'), source);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], typeRoots: [join(repo, 'node_modules/@types')] },
      files: ['examples.mts'],
    }));
    let errors = '';
    try {
      execFileSync(process.execPath, [tscBin, '-p', dir], { cwd: repo, encoding: 'utf8' });
    } catch (e: any) {
      errors = String(e.stdout);
    }
    // name the example behind each error
    const lines = source.split('\n');
    const located = errors.split('\n').filter(Boolean).map((err) => {
      const line = Number(/examples\.mts\((\d+),/.exec(err)?.[1] ?? 0);
      const header = lines.slice(0, line).reverse().find((l) => l.startsWith('// example '));
      return `${header?.replace(/^\/\/ example \d+: /, '') ?? '?'}: ${err.replace(/^.*?error /, '')}`;
    });
    expect(located).toEqual([]);
  }, 120_000);
});
