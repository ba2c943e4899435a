/** One CSV record (a row, which may span lines when a quoted field holds a newline) and the line it starts on. */
export interface RawRecord {
  text: string;
  /** 1-based physical line number of the record's first character. */
  line: number;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Splits a stream of text chunks into CSV records without ever holding more than one chunk plus one
 * partial record. A newline inside double quotes does not end a record; `\r\n` endings and blank
 * lines are handled. Chunks may split anywhere, even inside a quoted field.
 */
export class RecordSplitter {
  private partial = '';
  private inQuotes = false;
  private partialHasQuote = false;
  private line = 1;

  /** @param name the file or URL, for error messages */
  constructor(private readonly name: string) {}

  /** Feeds one chunk; complete records are appended to `out`. */
  push(chunk: string, out: RawRecord[]): void {
    const text = this.partial + chunk;
    let i = this.partial.length;
    let start = 0;
    let inQuotes = this.inQuotes;
    let hasQuote = this.partialHasQuote;
    let nextQuote = text.indexOf('"', i);
    while (true) {
      if (inQuotes) {
        if (nextQuote < 0) break;
        // a doubled quote ("") leaves and re-enters the field, so it needs no special case here
        inQuotes = false;
        i = nextQuote + 1;
        nextQuote = text.indexOf('"', i);
        continue;
      }
      const newline = text.indexOf('\n', i);
      if (nextQuote >= 0 && (newline < 0 || nextQuote < newline)) {
        inQuotes = hasQuote = true;
        i = nextQuote + 1;
        nextQuote = text.indexOf('"', i);
        continue;
      }
      if (newline < 0) break;
      this.emit(text, start, newline, hasQuote, out);
      start = i = newline + 1;
      hasQuote = false;
    }
    this.partial = text.slice(start);
    this.inQuotes = inQuotes;
    this.partialHasQuote = hasQuote;
  }

  /** Flushes the last record (a file need not end with a newline). */
  end(out: RawRecord[]): void {
    if (this.inQuotes) throw new Error(`data.csv: ${this.name} line ${this.line}: a quoted field is never closed (missing '"' before the end of the file)`);
    if (this.partial.length > 0) this.emit(this.partial, 0, this.partial.length, this.partialHasQuote, out);
    this.partial = '';
  }

  private emit(text: string, start: number, end: number, hasQuote: boolean, out: RawRecord[]): void {
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end; // \r\n
    const record = text.slice(start, stop);
    const line = this.line;
    this.line += 1 + (hasQuote ? countNewlines(record) : 0);
    if (record.length > 0) out.push({ text: record, line });
  }
}
