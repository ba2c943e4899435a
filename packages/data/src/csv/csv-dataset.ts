import { Dataset } from '../dataset.js';
import type { ElementRecord } from '../element.js';
import { readChunks, sourceName, type CsvSource } from './byte-source.js';
import { RecordSplitter, type RawRecord } from './records.js';
import { splitFields } from './fields.js';
import { RowParser, checkColumnConfigs, type ColumnConfig } from './columns.js';

/** Options of `data.csv` (TF.js `CSVConfig`). */
export interface CsvOptions {
  /** The first record holds the column names. Default true. */
  hasHeader?: boolean;
  /** Column names, in order; required without a header, and they replace the header's names when given. */
  columnNames?: string[];
  /** Per-column settings by name: labels, dtypes, defaults, required columns. */
  columnConfigs?: Record<string, ColumnConfig>;
  /** Yield only the columns named in `columnConfigs`. Default false. */
  configuredColumnsOnly?: boolean;
  /** The field separator. Default ','. */
  delimiter?: string;
  /** Bytes read per chunk. Default 65536. */
  chunkSize?: number;
}

const OPTION_KEYS = ['hasHeader', 'columnNames', 'columnConfigs', 'configuredColumnsOnly', 'delimiter', 'chunkSize'];

/** The records of a CSV source, decoded and split chunk by chunk. */
async function* readRecords(source: CsvSource, chunkSize: number): AsyncGenerator<RawRecord[]> {
  const splitter = new RecordSplitter(sourceName(source));
  // stream mode keeps a multi-byte character split across two chunks intact
  const decoder = new TextDecoder('utf-8');
  for await (const bytes of readChunks(source, chunkSize)) {
    const out: RawRecord[] = [];
    splitter.push(decoder.decode(bytes, { stream: true }), out);
    if (out.length > 0) yield out;
  }
  const out: RawRecord[] = [];
  splitter.push(decoder.decode(), out);
  splitter.end(out);
  if (out.length > 0) yield out;
}

/**
 * A dataset of CSV rows, streamed from disk or the network: each pass reads the file again, one chunk
 * at a time. Elements are records of column values, or `{ xs, ys }` when some column is a label.
 */
export class CSVDataset extends Dataset<ElementRecord> {
  private readonly options: Required<Pick<CsvOptions, 'hasHeader' | 'configuredColumnsOnly' | 'delimiter' | 'chunkSize'>> & Pick<CsvOptions, 'columnNames' | 'columnConfigs'>;
  private names: string[] | null = null;

  /**
   * @param source the file path, `file://` URL or `http(s)://` URL read on each pass
   * @param options header, column configs, delimiter (see `CsvOptions`)
   */
  constructor(
    readonly source: CsvSource,
    options: CsvOptions = {},
  ) {
    // the source reads the options set below; it only runs once iteration starts
    let self: CSVDataset | undefined = undefined;
    super(() => self!.rows(), null);
    self = this;
    if (typeof source !== 'string' && !(source instanceof URL)) throw new Error(`data.csv: expected a file path or URL, got ${source === null ? 'null' : typeof source}`);
    if (typeof options !== 'object' || options === null) throw new Error(`data.csv: options must be an object, got ${options === null ? 'null' : typeof options}`);
    for (const key of Object.keys(options)) if (!OPTION_KEYS.includes(key)) throw new Error(`data.csv: unknown option '${key}'; valid options are ${OPTION_KEYS.join(', ')}`);
    const delimiter = options.delimiter ?? ',';
    if (typeof delimiter !== 'string' || delimiter.length === 0 || /["\r\n]/.test(delimiter)) throw new Error(`data.csv: delimiter must be a non-empty string without quotes or newlines, got ${JSON.stringify(delimiter)}`);
    const chunkSize = options.chunkSize ?? 1 << 16;
    if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new Error(`data.csv: chunkSize must be a positive integer, got ${chunkSize}`);
    if (options.columnNames !== undefined && (!Array.isArray(options.columnNames) || options.columnNames.some((n) => typeof n !== 'string'))) throw new Error('data.csv: columnNames must be an array of strings');
    const hasHeader = options.hasHeader ?? true;
    if (!hasHeader && !options.columnNames) throw new Error('data.csv: without a header line (hasHeader: false) the columnNames option is required');
    if (options.configuredColumnsOnly && !options.columnConfigs) throw new Error('data.csv: configuredColumnsOnly needs columnConfigs to say which columns to keep');
    this.options = { hasHeader, delimiter, chunkSize, configuredColumnsOnly: options.configuredColumnsOnly ?? false, columnNames: options.columnNames, columnConfigs: options.columnConfigs };
  }

  /** The column names the elements use: all of them, or the configured ones with `configuredColumnsOnly`. */
  async columnNames(): Promise<string[]> {
    const names = this.names ?? (await this.readHeader());
    return this.options.configuredColumnsOnly ? names.filter((n) => Object.hasOwn(this.options.columnConfigs!, n)) : names.slice();
  }

  private async readHeader(): Promise<string[]> {
    if (!this.options.hasHeader) return this.resolveNames(null);
    for await (const records of readRecords(this.source, this.options.chunkSize)) return this.resolveNames(records[0]);
    return this.resolveNames(null);
  }

  private resolveNames(header: RawRecord | null): string[] {
    const name = sourceName(this.source);
    const { columnNames, hasHeader } = this.options;
    if (hasHeader && !header) throw new Error(`data.csv: ${name} is empty; expected a header line`);
    const fromFile = header ? splitFields(header.text, this.options.delimiter).map((s) => s.trim()) : null;
    if (columnNames && fromFile && columnNames.length !== fromFile.length) {
      throw new Error(`data.csv: columnNames has ${columnNames.length} names but the header of ${name} has ${fromFile.length} columns`);
    }
    const names = columnNames ?? fromFile!;
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) throw new Error(`data.csv: column name '${dup}' appears twice in ${columnNames ? 'columnNames' : `the header of ${name}`}`);
    if (this.options.columnConfigs) checkColumnConfigs(this.options.columnConfigs, names, name);
    this.names = names;
    return names;
  }

  private async *rows(): AsyncGenerator<ElementRecord> {
    let parser: RowParser | null = null;
    let first = true;
    const { delimiter, configuredColumnsOnly, columnConfigs = {} } = this.options;
    for await (const records of readRecords(this.source, this.options.chunkSize)) {
      let start = 0;
      if (first) {
        first = false;
        const names = this.resolveNames(this.options.hasHeader ? records[0] : null);
        parser = new RowParser(names, columnConfigs, configuredColumnsOnly, sourceName(this.source));
        if (this.options.hasHeader) start = 1;
      }
      for (let i = start; i < records.length; i++) yield parser!.parse(splitFields(records[i].text, delimiter), records[i].line);
    }
    if (first && this.options.hasHeader) this.resolveNames(null);
  }
}

/**
 * Streams a CSV file (a path or `file://` URL in Node) or an `http(s)://` URL as a dataset of rows.
 * Numbers are parsed, text columns stay strings, and label columns split each row into `{ xs, ys }`.
 * @example
 * const ds = data.csv('houses.csv', { columnConfigs: { price: { isLabel: true } } });
 * // elements: { xs: { rooms: 3, area: 120 }, ys: { price: 250 } }
 */
export function csv(source: CsvSource, options: CsvOptions = {}): CSVDataset {
  return new CSVDataset(source, options);
}
