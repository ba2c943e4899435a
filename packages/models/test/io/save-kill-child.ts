// Saves seededModel(seed) over the model in `dir`, and SIGKILLs its own process right before or right after
// the k-th file operation of the save, so the test sees what a crash at that point leaves on disk.
import { saveModel } from '../../src/index.js';
import { seededModel, wrappedFs } from './save-kill-fixture.js';

const [dir, when, kText, seedText] = process.argv.slice(2);
const target = Number(kText);
const fs = wrappedFs((k, _name, run) => {
  if (k === target && when === 'before') process.kill(process.pid, 'SIGKILL');
  const result = run();
  if (k === target && when === 'after') process.kill(process.pid, 'SIGKILL');
  return result;
});
await saveModel(seededModel(Number(seedText)), dir, { fs });
process.stdout.write('saved');
