/** A short, printable form of a value read from a file, for error messages (never longer than 80 characters). */
export function showValue(v: unknown): string {
  let text: string;
  try {
    text = v === undefined ? 'missing' : typeof v === 'number' && !Number.isFinite(v) ? String(v) : JSON.stringify(v);
  } catch {
    text = Array.isArray(v) ? `an array of ${v.length}` : typeof v; // too deep to print
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
