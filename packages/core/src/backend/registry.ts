import type { Backend } from './backend.js';
import { jsBackend } from './js/index.js';

const backends = new Map<string, Backend>([['js', jsBackend]]);
let active: Backend = jsBackend;

/** Makes a backend available to `setBackend` by its name. */
export function registerBackend(backend: Backend): void {
  backends.set(backend.name, backend);
}

/**
 * Chooses the kernels every op runs on ('js' is the portable reference; others register themselves).
 * @example setBackend('js');
 */
export function setBackend(name: string): void {
  const backend = backends.get(name);
  if (!backend) throw new Error(`setBackend: unknown backend '${name}'; registered backends are ${[...backends.keys()].map((k) => `'${k}'`).join(', ')}`);
  active = backend;
}

/** The name of the backend in use. */
export function getBackendName(): string {
  return active.name;
}

/** The kernels in use (for ops and fused optimizer updates). */
export function kernels(): Backend {
  return active;
}

export function listBackends(): string[] {
  return [...backends.keys()];
}
