import type { ElementRecord } from '../element.js';

/** How one CSV column is read (TF.js `ColumnConfig`). */
export interface ColumnConfig {
  /** Put the column in `ys` (the element becomes `{ xs, ys }`). Label columns are required. */
  isLabel?: boolean;
  /**
   * 'float32' (default for numbers), 'int32' (rounded down), 'bool' ('true'/'1' -> 1, 'false'/'0' -> 0)
   * or 'string' (the text as is). A configured numeric column rejects text that is not a number.
   */
  dtype?: 'float32' | 'int32' | 'bool' | 'string';
  /** Value used when the field is empty. */
  default?: number | string;
  /** An empty field is an error (unless `default` is set). */
  required?: boolean;
}

const CONFIG_KEYS = ['isLabel', 'dtype', 'default', 'required'];
const DTYPES = ['float32', 'int32', 'bool', 'string'];

/** Checks a `columnConfigs` object against the column names, naming any mistake. */
export function checkColumnConfigs(configs: Record<string, ColumnConfig>, names: readonly string[], source: string): void {
  for (const [name, config] of Object.entries(configs)) {
    if (!names.includes(name)) throw new Error(`data.csv: columnConfigs names column '${name}', which ${source} does not have; its columns are ${names.join(', ')}`);
    if (typeof config !== 'object' || config === null) throw new Error(`data.csv: columnConfigs['${name}'] must be an object, got ${config === null ? 'null' : typeof config}`);
    for (const key of Object.keys(config)) {
      if (!CONFIG_KEYS.includes(key)) throw new Error(`data.csv: columnConfigs['${name}'] has unknown option '${key}'; valid options are ${CONFIG_KEYS.join(', ')}`);
    }
    if (config.dtype !== undefined && !DTYPES.includes(config.dtype)) throw new Error(`data.csv: columnConfigs['${name}'].dtype must be one of ${DTYPES.join(', ')}, got ${JSON.stringify(config.dtype)}`);
  }
}

interface Column {
  name: string;
  index: number;
  config: ColumnConfig | undefined;
  label: boolean;
  /** Parsed as a plain float (no dtype, or float32), the common case. */
  numeric: boolean;
}

/** Turns the fields of one record into an element: a record of columns, or `{ xs, ys }` when labels are configured. */
export class RowParser {
  private readonly columns: Column[];
  private readonly hasLabels: boolean;

  constructor(
    private readonly names: readonly string[],
    configs: Record<string, ColumnConfig>,
    configuredOnly: boolean,
    private readonly source: string,
  ) {
    this.columns = names
      .map((name, index) => ({ name, index, config: Object.hasOwn(configs, name) ? configs[name] : undefined, label: false, numeric: false }))
      .filter((c) => !configuredOnly || c.config !== undefined)
      .map((c) => ({ ...c, label: c.config?.isLabel === true, numeric: c.config?.dtype === undefined || c.config.dtype === 'float32' }));
    this.hasLabels = this.columns.some((c) => c.label);
  }

  parse(fields: string[], line: number): ElementRecord {
    if (fields.length !== this.names.length) {
      throw new Error(`data.csv: ${this.source} line ${line}: expected ${this.names.length} columns (${this.names.join(', ')}), got ${fields.length}`);
    }
    const xs: ElementRecord = {};
    const ys: ElementRecord = {};
    const columns = this.columns;
    for (let k = 0; k < columns.length; k++) {
      const c = columns[k];
      const text = fields[c.index];
      let v: number | string;
      if (c.numeric) {
        // the hot path: one unary plus per field; the rare cases ('' and whitespace give 0, text gives NaN) go to value()
        v = +text;
        if (v !== v || (v === 0 && (text === '' || text.trim() === ''))) v = this.value(text, c, line);
      } else v = this.value(text, c, line);
      (c.label ? ys : xs)[c.name] = v;
    }
    return this.hasLabels ? { xs, ys } : xs;
  }

  private value(text: string, column: Column, line: number): number | string {
    const { config, name } = column;
    const where = () => `data.csv: ${this.source} line ${line}, column '${name}'`;
    const dtype = config?.dtype;
    if (dtype !== 'string' && (text === '' || (text.charCodeAt(0) <= 32 && text.trim() === ''))) {
      if (config?.default !== undefined) return config.default;
      const why = config?.required || column.label ? 'the column is required' : 'the column has no default';
      throw new Error(`${where()}: the value is empty and ${why}; set columnConfigs['${name}'].default`);
    }
    if (dtype === 'string') return text === '' && config?.default !== undefined ? config.default : text;
    if (dtype === 'bool') {
      const t = text.trim().toLowerCase();
      if (t === 'true' || t === '1') return 1;
      if (t === 'false' || t === '0') return 0;
      throw new Error(`${where()}: expected a boolean (true, false, 1 or 0), got ${JSON.stringify(text)}`);
    }
    const n = Number(text);
    if (Number.isNaN(n)) {
      // unconfigured text columns stay text, as in TF.js
      if (dtype === undefined) return text;
      throw new Error(`${where()}: expected a number (dtype '${dtype}'), got ${JSON.stringify(text)}`);
    }
    return dtype === 'int32' ? Math.floor(n) : n;
  }
}
