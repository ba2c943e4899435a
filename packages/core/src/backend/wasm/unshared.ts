/**
 * The kernels with their memory import declared unshared, for platforms that give WebAssembly no shared
 * memory (some browsers outside cross-origin isolation): the same code, run on one thread. Only the
 * import's limits flag changes (0x03 shared with maximum -> 0x01 maximum), so every offset stays put.
 */
export function unsharedKernels(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes); // a copy (Buffer.slice would share the caller's bytes)
  let at = 8; // magic and version
  const fail = (why: string): never => {
    throw new Error(`wasm backend: cannot declare the kernels' memory unshared: ${why}`);
  };
  const leb = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      if (at >= out.length || shift > 28) fail('truncated module');
      const byte = out[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
  };
  const skipLimits = () => {
    const flags = out[at++];
    leb();
    if (flags & 1) leb();
  };
  while (at < out.length) {
    const id = out[at++];
    const size = leb();
    const end = at + size;
    if (id !== 2) {
      at = end;
      continue;
    }
    for (let n = leb(); n > 0; n--) {
      for (let name = 0; name < 2; name++) {
        const length = leb(); // module name, then field name (read before moving: `at += leb()` would not)
        at += length;
      }
      const kind = out[at++];
      if (kind === 0x00) leb(); // function: type index
      else if (kind === 0x01) (at++, skipLimits()); // table: element type, limits
      else if (kind === 0x03) at += 2; // global: value type, mutability
      else if (kind === 0x02) {
        if (out[at] === 0x03) out[at] = 0x01;
        return out;
      } else fail(`unknown import kind ${kind}`);
    }
    at = end;
  }
  return fail('it imports no memory');
}
