// `pnpm playground`: builds the playground and serves it on 127.0.0.1 with the COOP/COEP headers that make
// the page cross-origin isolated (wasm threads in the training worker). `--no-isolation` serves without
// them (one thread); `--port N` picks the port (default 5173).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '../tools/static-server.js';
import { buildPlayground } from './build.js';

const args = process.argv.slice(2);
const portAt = args.indexOf('--port');
const port = portAt >= 0 ? Number(args[portAt + 1]) : 5173;
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`playground: --port expects a port number, got ${args[portAt + 1]}`);
const isolated = !args.includes('--no-isolation');
const outdir = fileURLToPath(new URL('./dist', import.meta.url));

const { digits } = await buildPlayground(outdir);
const server = await serveStatic(join(outdir), { isolated, port });
console.log(`Rectify playground (${digits} MNIST digits, ${isolated ? 'cross-origin isolated: wasm threads in the worker' : 'not isolated: one thread'}): ${server.url}/`);
