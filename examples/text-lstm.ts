// An LSTM learns a rule no bag of tokens can express: whether a string of brackets is balanced. Every
// string has as many '(' as ')' (odd lengths and unequal counts would give the answer away), and each
// unbalanced one is a balanced string with a single '(' swapped for a later ')', so the model must read in
// order and track the running depth: a string is balanced exactly when its depth never goes below zero.
// Strings have 2 to 20 characters, padded with id 0 at the end; Embedding(maskZero) makes the LSTM skip
// the padding. It reaches 0.99-1.00 test accuracy in a few epochs; a model blind to order scores 0.5.
import { Adam, Dense, Embedding, LSTM, Sequential, setSeed, tensor, type Tensor } from '@rectify/rectify';

const MAX_LENGTH = 20;
const OPEN = 1;
const CLOSE = 2;

setSeed(7);
let state = 12345;
/** A small seeded generator (mulberry32), so the data set is the same on every run. */
function random(): number {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** The rule: the running depth never drops below zero (the counts are equal by construction). */
function balanced(tokens: number[]): boolean {
  let depth = 0;
  for (const t of tokens) {
    depth += t === OPEN ? 1 : -1;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/**
 * A near miss: a balanced string with one '(' swapped for a later ')', which lowers the depth between
 * them by two. Redrawn until the depth really goes negative, so it differs from a balanced string in
 * one place only.
 */
function nearMiss(n: number): number[] {
  for (;;) {
    const tokens = balancedString(n);
    const i = Math.floor(random() * tokens.length);
    const j = i + 1 + Math.floor(random() * (tokens.length - i - 1));
    if (tokens[i] !== OPEN || j >= tokens.length || tokens[j] !== CLOSE) continue;
    [tokens[i], tokens[j]] = [CLOSE, OPEN];
    if (!balanced(tokens)) return tokens;
  }
}

/** A random balanced string of n pairs: opens while it may, closes while it may. */
function balancedString(n: number): number[] {
  const tokens: number[] = [];
  let open = 0;
  let closed = 0;
  while (tokens.length < 2 * n) {
    const canOpen = open < n;
    const canClose = closed < open;
    const pick = canOpen && (!canClose || random() < 0.5) ? OPEN : CLOSE;
    tokens.push(pick);
    if (pick === OPEN) open++;
    else closed++;
  }
  return tokens;
}

/** `count` strings, half balanced, as padded ids [count, MAX_LENGTH] and labels [count, 1]. */
function dataset(count: number): { x: Tensor; y: Tensor } {
  const ids: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const pairs = 1 + Math.floor(random() * (MAX_LENGTH / 2));
    const tokens = i % 2 === 0 ? balancedString(pairs) : nearMiss(pairs);
    ids.push(...tokens, ...new Array<number>(MAX_LENGTH - tokens.length).fill(0));
    labels.push(balanced(tokens) ? 1 : 0);
  }
  return { x: tensor(ids, [count, MAX_LENGTH]), y: tensor(labels, [count, 1]) };
}

const train = dataset(4000);
const test = dataset(1000);
console.log(`balanced brackets: ${train.x.shape[0]} training and ${test.x.shape[0]} test strings of 2-${MAX_LENGTH} characters\n`);

const model = new Sequential({ layers: [
  new Embedding({ inputDim: 3, outputDim: 8, maskZero: true, inputShape: [MAX_LENGTH] }),
  new LSTM({ units: 24 }),
  new Dense({ units: 1, activation: 'sigmoid' }),
] });
model.summary();
model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
const started = performance.now();
await model.fit(train.x, train.y, { epochs: 6, batchSize: 64, validationSplit: 0.1, seed: 7 });
console.log(`\ntrained in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const { accuracy } = model.evaluate(test.x, test.y, { batchSize: 250 });
console.log(`test accuracy: ${accuracy.toFixed(3)} (a model that cannot count scores about 0.5)`);
