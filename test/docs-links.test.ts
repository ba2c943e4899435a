// The documentation hangs together: every relative link in the READMEs and docs/ points at a file (and
// heading) that exists, every guide is listed in docs/README.md and published in the API site, and every
// example is listed in the README.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'api' ? [] : markdownFiles(path);
    return e.name.endsWith('.md') ? [path] : [];
  });
}

const files = [join(repo, 'README.md'), ...readdirSync(join(repo, 'packages')).map((p) => join(repo, 'packages', p, 'README.md')).filter(existsSync), ...markdownFiles(join(repo, 'docs'))];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const m of markdown.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6}\s+(.+)$/gm)) {
    out.add(m[1].trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-'));
  }
  return out;
}

function links(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

describe('documentation links', () => {
  it('finds the documents to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  for (const file of files) {
    it(`${relative(repo, file)}: every relative link resolves`, () => {
      const text = readFileSync(file, 'utf8');
      const broken: string[] = [];
      for (const link of links(text)) {
        if (/^(https?:|mailto:)/.test(link)) continue;
        const [path, anchor] = link.split('#');
        const target = path === '' ? file : join(dirname(file), decodeURIComponent(path));
        if (!existsSync(target)) {
          broken.push(`${link} (no such file)`);
          continue;
        }
        if (anchor && target.endsWith('.md') && !anchors(readFileSync(target, 'utf8')).has(anchor)) broken.push(`${link} (no such heading)`);
        if (anchor && !target.endsWith('.md') && statSync(target).isDirectory()) broken.push(`${link} (anchor into a folder)`);
      }
      expect(broken).toEqual([]);
    });
  }

  it('lists every guide in docs/README.md and publishes it in the API site', () => {
    const index = readFileSync(join(repo, 'docs/README.md'), 'utf8');
    const typedoc = JSON.parse(readFileSync(join(repo, 'typedoc.json'), 'utf8'));
    const guides = readdirSync(join(repo, 'docs/guides')).filter((f) => f.endsWith('.md'));
    expect(guides.filter((g) => !index.includes(`(guides/${g})`))).toEqual([]);
    expect(typedoc.projectDocuments).toContain('docs/guides/*.md');
  });

  it('lists every example in the README', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const examples = readdirSync(join(repo, 'examples')).filter((f) => f.endsWith('.ts') && f !== 'run.ts').map((f) => f.slice(0, -3));
    expect(examples.filter((e) => !readme.includes(`| \`${e}\` |`))).toEqual([]);
  });

  it('documents the API by the package users import', () => {
    const typedoc = JSON.parse(readFileSync(join(repo, 'typedoc.json'), 'utf8'));
    for (const entry of typedoc.entryPoints as string[]) {
      const pkg = JSON.parse(readFileSync(join(repo, entry.replace(/src\/index\.ts$/, 'package.json')), 'utf8')).name;
      const module = /@module (\S+)/.exec(readFileSync(join(repo, entry), 'utf8'))?.[1];
      // the umbrella documents itself under its published name, which its workspace name may not be yet
      const isUmbrella = entry.startsWith('packages/rectify/');
      expect(module, entry).toBe(isUmbrella ? readFileSync(join(repo, 'PACKAGE_NAME'), 'utf8').trim() : pkg);
    }
  });
});
