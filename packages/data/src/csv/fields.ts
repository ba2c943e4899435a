/**
 * Splits one CSV record into its fields. A field may be quoted ("a, b" keeps its delimiter and newlines;
 * "" inside quotes is one quote); without any quote in the record this is a plain split.
 */
export function splitFields(text: string, delimiter: string): string[] {
  if (text.indexOf('"') < 0) return text.split(delimiter);
  const out: string[] = [];
  let i = 0;
  while (true) {
    let value = '';
    if (text.charCodeAt(i) === 34) {
      let j = i + 1;
      while (true) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          value += text.slice(j);
          i = text.length;
          break;
        }
        value += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    }
    const d = text.indexOf(delimiter, i);
    if (d < 0) {
      out.push(value + text.slice(i));
      return out;
    }
    out.push(value + text.slice(i, d));
    i = d + delimiter.length;
  }
}
