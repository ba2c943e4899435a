import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { data } from '../src/index.js';
import { RecordSplitter, type RawRecord } from '../src/csv/records.js';
import { splitFields } from '../src/csv/fields.js';

const dir = mkdtempSync(join(tmpdir(), 'rectify-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
function file(text: string): string {
  const path = join(dir, `f${counter++}.csv`);
  writeFileSync(path, text);
  return path;
}

describe('record splitting', () => {
  const split = (chunks: string[]) => {
    const s = new RecordSplitter('t.csv');
    const out: RawRecord[] = [];
    for (const c of chunks) s.push(c, out);
    s.end(out);
    return out;
  };

  it('splits at newlines outside quotes, whatever the chunk boundaries', () => {
    const text = 'a,b\r\n1,"x\ny"\n\n2,"say ""hi"""\n3,4';
    const whole = split([text]);
    expect(whole).toEqual([
      { text: 'a,b', line: 1 },
      { text: '1,"x\ny"', line: 2 },
      { text: '2,"say ""hi"""', line: 5 },
      { text: '3,4', line: 6 },
    ]);
    // every possible single cut, and one character at a time
    for (let cut = 0; cut <= text.length; cut++) expect(split([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
    expect(split(text.split(''))).toEqual(whole);
  });

  it('reports a quote that is never closed', () => {
    expect(() => split(['a,b\n1,"open\n'])).toThrow(`data.csv: t.csv line 2: a quoted field is never closed`);
  });

  it('splits fields with quotes, escaped quotes and delimiters inside quotes', () => {
    expect(splitFields('1,2,,3', ',')).toEqual(['1', '2', '', '3']);
    expect(splitFields('"a,b",c,"say ""hi""",', ',')).toEqual(['a,b', 'c', 'say "hi"', '']);
    expect(splitFields('"x\ny";2', ';')).toEqual(['x\ny', '2']);
    expect(splitFields('a::"b::c"::d', '::')).toEqual(['a', 'b::c', 'd']);
  });
});

describe('data.csv', () => {
  const houses = file('rooms,area,city,price\n3,120,"Paris, FR",250\n2,80,Lyon,150.5\n4,,Nice,300\n');

  it('yields records of typed values (TF.js without labels)', async () => {
    const ds = data.csv(houses, { columnConfigs: { area: { default: 100 } } });
    expect(await ds.columnNames()).toEqual(['rooms', 'area', 'city', 'price']);
    expect(await ds.toArray()).toEqual([
      { rooms: 3, area: 120, city: 'Paris, FR', price: 250 },
      { rooms: 2, area: 80, city: 'Lyon', price: 150.5 },
      { rooms: 4, area: 100, city: 'Nice', price: 300 },
    ]);
  });

  it('splits into { xs, ys } when labels are configured, as TF.js does', async () => {
    const ds = data.csv(houses, { columnConfigs: { price: { isLabel: true }, rooms: { dtype: 'int32' }, area: { default: 0 } }, configuredColumnsOnly: true });
    expect(await ds.columnNames()).toEqual(['rooms', 'area', 'price']);
    const rows = await ds.toArray();
    expect(rows[0]).toEqual({ xs: { rooms: 3, area: 120 }, ys: { price: 250 } });
    const [batch] = await ds.map(({ xs, ys }) => ({ xs: Object.values(xs), ys: Object.values(ys) })).batch(3).toArray();
    expect(batch.xs.toArray()).toEqual([[3, 120], [2, 80], [4, 0]]);
    expect(batch.ys.shape).toEqual([3, 1]);
  });

  it('reads files without a header, other delimiters, bool columns, file URLs and small chunks', async () => {
    const path = file('1;true\n2;0\n3;FALSE');
    const ds = data.csv(pathToFileURL(path), { hasHeader: false, columnNames: ['n', 'flag'], delimiter: ';', columnConfigs: { flag: { dtype: 'bool' } }, chunkSize: 3 });
    expect(await ds.toArray()).toEqual([{ n: 1, flag: 1 }, { n: 2, flag: 0 }, { n: 3, flag: 0 }]);
    const utf8 = file('naïve,ß\n1,2\n');
    expect(await data.csv(utf8, { chunkSize: 1 }).toArray()).toEqual([{ 'naïve': 1, 'ß': 2 }]);
  });

  it('names the file and line of a row with the wrong number of columns', async () => {
    const bad = file('a,b\n1,2\n3\n');
    await expect(data.csv(bad).toArray()).rejects.toThrow(`data.csv: ${bad} line 3: expected 2 columns (a, b), got 1`);
  });

  it('names the line and column of a non-numeric value in a numeric column', async () => {
    const bad = file('a,b\n1,2\n3,x\n');
    await expect(data.csv(bad, { columnConfigs: { b: { dtype: 'float32' } } }).toArray()).rejects.toThrow(`data.csv: ${bad} line 3, column 'b': expected a number (dtype 'float32'), got "x"`);
    await expect(data.csv(bad, { columnConfigs: { b: { isLabel: true, dtype: 'int32' } } }).toArray()).rejects.toThrow(/line 3, column 'b': expected a number/);
    // unconfigured text stays text, as in TF.js
    expect((await data.csv(bad).toArray())[1]).toEqual({ a: 3, b: 'x' });
  });

  it('treats whitespace-only numeric fields as empty, and zeros as numbers', async () => {
    const path = file('a,b\n0, \n-0,2\n');
    await expect(data.csv(path).toArray()).rejects.toThrow(`data.csv: ${path} line 2, column 'b': the value is empty and the column has no default`);
    expect(await data.csv(path, { columnConfigs: { b: { default: 7 } } }).toArray()).toEqual([{ a: 0, b: 7 }, { a: -0, b: 2 }]);
  });

  it('rejects empty required values and bad configuration', async () => {
    const gap = file('a,b\n1,\n');
    await expect(data.csv(gap, { columnConfigs: { b: { required: true } } }).toArray()).rejects.toThrow(`data.csv: ${gap} line 2, column 'b': the value is empty and the column is required; set columnConfigs['b'].default`);
    await expect(data.csv(gap, { columnConfigs: { c: {} } }).toArray()).rejects.toThrow(`columnConfigs names column 'c', which ${gap} does not have; its columns are a, b`);
    await expect(data.csv(gap, { columnConfigs: { b: { dtype: 'int64' as never } } }).toArray()).rejects.toThrow(/dtype must be one of float32, int32, bool, string, got "int64"/);
    expect(() => data.csv(gap, { hasHeader: false })).toThrow('data.csv: without a header line (hasHeader: false) the columnNames option is required');
    expect(() => data.csv(gap, { delimeter: ';' } as never)).toThrow(/data.csv: unknown option 'delimeter'/);
    await expect(data.csv(join(dir, 'missing.csv')).toArray()).rejects.toThrow(/data.csv: cannot read .*missing.csv: ENOENT/);
    await expect(data.csv(file('a,a\n1,2\n')).toArray()).rejects.toThrow(/column name 'a' appears twice/);
  });

  it('re-reads the file on every pass and closes it when stopped early', async () => {
    const path = file(`x\n${Array.from({ length: 1000 }, (_, i) => i).join('\n')}\n`);
    const ds = data.csv(path, { chunkSize: 64 });
    expect((await ds.take(3).toArray()).map((r) => r.x)).toEqual([0, 1, 2]);
    const all = await ds.toArray();
    expect(all.length).toBe(1000);
    expect(all[999]).toEqual({ x: 999 });
  });
});

describe('data.csv over http', () => {
  it('streams a URL and reports HTTP errors', async () => {
    const { createServer } = await import('node:http');
    const body = `a,b\n${Array.from({ length: 300 }, (_, i) => `${i},"${i % 3 ? 'x' : 'y,z'}"`).join('\n')}\n`;
    const server = createServer((req, res) => {
      if (req.url !== '/rows.csv') {
        res.statusCode = 404;
        res.end('missing');
        return;
      }
      // small writes: the client sees many chunks, some splitting quoted fields
      let i = 0;
      const write = () => {
        if (i >= body.length) return void res.end();
        res.write(body.slice(i, (i += 97)));
        setImmediate(write);
      };
      write();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      const rows = await data.csv(`http://127.0.0.1:${port}/rows.csv`).toArray();
      expect(rows.length).toBe(300);
      expect(rows[3]).toEqual({ a: 3, b: 'y,z' });
      expect(rows[4]).toEqual({ a: 4, b: 'x' });
      await expect(data.csv(`http://127.0.0.1:${port}/nope.csv`).toArray()).rejects.toThrow(`data.csv: fetching http://127.0.0.1:${port}/nope.csv failed with HTTP 404`);
    } finally {
      server.close();
    }
  });
});
