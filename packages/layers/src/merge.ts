import { Tensor, add, concat, div, matmul, maximum, minimum, mul, reshape, sqrt, sub, sum, transpose } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs, type ShapeOrShapes } from './layer.js';
import { formatSymbolicShape, type SymbolicShape } from './graph/symbolic.js';

type Dims = (number | null)[];

/**
 * The base of the layers that combine several inputs element by element (Keras `Merge`): inputs of equal
 * rank broadcast over sizes of 1; a lower-rank input gains leading axes after the batch axis, as in Keras.
 */
abstract class Merge extends Layer {
  /** How many inputs the layer takes: at least `min`, at most `max`. */
  protected readonly arity: { min: number; max: number } = { min: 2, max: Infinity };

  constructor(args: LayerArgs = {}) {
    checkOptions(new.target.className, args, []);
    super(args);
    this.supportsMasking = true;
  }

  /** Combines two inputs; the layer folds it over all of them. */
  protected abstract merge(a: Tensor, b: Tensor): Tensor;

  protected shapesOf(shapes: ShapeOrShapes): SymbolicShape[] {
    const what = `${this.className} '${this.name}'`;
    if (!Array.isArray(shapes[0])) throw new Error(`${what}: expected an array of inputs (e.g. layer.apply([a, b])), got one input of shape ${formatSymbolicShape(shapes as SymbolicShape)}`);
    const list = shapes as SymbolicShape[];
    const { min, max } = this.arity;
    if (list.length < min || list.length > max) {
      throw new Error(`${what}: expected ${max === min ? `exactly ${min}` : `at least ${min}`} inputs, got ${list.length}`);
    }
    return list;
  }

  override computeOutputShape(shapes: ShapeOrShapes): Dims {
    const list = this.shapesOf(shapes);
    const rank = Math.max(...list.map((s) => s.length));
    const out: Dims = new Array(rank).fill(1);
    for (const s of list) {
      // align a lower-rank input after the batch axis, as Keras expands it
      const padded: SymbolicShape = s.length === rank ? s : [s[0], ...new Array(rank - s.length).fill(1), ...s.slice(1)];
      for (let i = 0; i < rank; i++) {
        const a = out[i];
        const b = padded[i];
        if (a === 1 || (a === null && b !== 1)) out[i] = b;
        else if (b !== 1 && b !== null && a !== b) {
          throw new Error(`${this.className} '${this.name}': inputs with shapes ${list.map(formatSymbolicShape).join(' and ')} cannot be combined element by element (axis ${i}: ${a} vs ${b})`);
        }
      }
    }
    return out;
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    this.computeOutputShape(list.map((t) => t.shape));
    const rank = Math.max(...list.map((t) => t.rank));
    const aligned = list.map((t) => (t.rank === rank ? t : reshape(t, [t.shape[0], ...new Array(rank - t.rank).fill(1), ...t.shape.slice(1)])));
    return this.finish(aligned.slice(1).reduce((acc, t) => this.merge(acc, t), aligned[0]), aligned.length);
  }

  /** A last step after folding (Average divides by the count). */
  protected finish(merged: Tensor, _count: number): Tensor {
    return merged;
  }
}

/**
 * Sum of its inputs: the join of a residual connection.
 * @example const x = input({ shape: [8] }); new Add().apply([new Dense({ units: 8 }).apply(x), x])
 */
export class Add extends Merge {
  static override className = 'Add';
  protected merge(a: Tensor, b: Tensor): Tensor {
    return add(a, b);
  }
}

/** First input minus the second (exactly two inputs). */
export class Subtract extends Merge {
  static override className = 'Subtract';
  protected override readonly arity = { min: 2, max: 2 };
  protected merge(a: Tensor, b: Tensor): Tensor {
    return sub(a, b);
  }
}

/** Element-wise product of its inputs (gating). */
export class Multiply extends Merge {
  static override className = 'Multiply';
  protected merge(a: Tensor, b: Tensor): Tensor {
    return mul(a, b);
  }
}

/** Element-wise mean of its inputs (ensembles). */
export class Average extends Merge {
  static override className = 'Average';
  protected merge(a: Tensor, b: Tensor): Tensor {
    return add(a, b);
  }
  protected override finish(merged: Tensor, count: number): Tensor {
    return div(merged, count);
  }
}

/** Element-wise maximum of its inputs. */
export class Maximum extends Merge {
  static override className = 'Maximum';
  protected merge(a: Tensor, b: Tensor): Tensor {
    return maximum(a, b);
  }
}

/** Element-wise minimum of its inputs. */
export class Minimum extends Merge {
  static override className = 'Minimum';
  protected merge(a: Tensor, b: Tensor): Tensor {
    return minimum(a, b);
  }
}

/**
 * Joins its inputs along `axis` (default -1, the features); the other axes must match.
 * @example new Concatenate({ axis: -1 }).apply([input({ shape: [3] }), input({ shape: [5] })]) // [null, 3] and [null, 5] -> [null, 8]
 */
export class Concatenate extends Layer {
  static override className = 'Concatenate';
  readonly axis: number;

  constructor(args: LayerArgs & { axis?: number } = {}) {
    checkOptions('Concatenate', args, ['axis']);
    super(args);
    this.axis = args.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw new Error(`Concatenate: axis must be an integer, got ${JSON.stringify(args.axis)}`);
    this.supportsMasking = true;
  }

  override computeOutputShape(shapes: ShapeOrShapes): Dims {
    const what = `Concatenate '${this.name}'`;
    if (!Array.isArray(shapes[0])) throw new Error(`${what}: expected an array of inputs, got one input of shape ${formatSymbolicShape(shapes as SymbolicShape)}`);
    const list = shapes as SymbolicShape[];
    if (list.length < 2) throw new Error(`${what}: expected at least 2 inputs, got ${list.length}`);
    const rank = list[0].length;
    const axis = this.axis < 0 ? rank + this.axis : this.axis;
    if (list.some((s) => s.length !== rank) || axis < 1 || axis >= rank) {
      throw new Error(`${what}: inputs must have the same rank and axis ${this.axis} must be a non-batch axis, got shapes ${list.map(formatSymbolicShape).join(', ')}`);
    }
    const out: Dims = list[0].slice();
    for (const s of list.slice(1)) {
      for (let i = 0; i < rank; i++) {
        if (i === axis) continue;
        if (out[i] !== null && s[i] !== null && out[i] !== s[i]) {
          throw new Error(`${what}: all axes except the concatenation axis ${this.axis} must match, got shapes ${list.map(formatSymbolicShape).join(', ')}`);
        }
        out[i] = out[i] ?? s[i];
      }
    }
    out[axis] = list.some((s) => s[axis] === null) ? null : list.reduce((n, s) => n + (s[axis] as number), 0);
    return out;
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    this.computeOutputShape(list.map((t) => t.shape));
    return concat(list, this.axis < 0 ? list[0].rank + this.axis : this.axis);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/** Moves `axis` of x to position `to`, keeping the order of the rest. */
function moveAxis(x: Tensor, axis: number, to: number): Tensor {
  const perm = [...Array(x.rank).keys()].filter((i) => i !== axis);
  perm.splice(to, 0, axis);
  return perm.every((p, i) => p === i) ? x : transpose(x, perm);
}

/** x / ||x|| along `axis` (Keras's l2_normalize, with its epsilon on the squared norm). */
function l2Normalize(x: Tensor, axis: number): Tensor {
  return div(x, sqrt(maximum(sum(mul(x, x), axis, true), 1e-12)));
}

/**
 * Dot product of two inputs along `axes` for each sample (Keras `Dot`, a batch dot): [b, n] and [b, n] give
 * [b, 1]; [b, n, m] and [b, m, k] with axes [2, 1] give [b, n, k]. `normalize` makes it a cosine similarity.
 * @example new Dot({ axes: 1, normalize: true }).apply([input({ shape: [4] }), input({ shape: [4] })]) // [null, 1]
 */
export class Dot extends Layer {
  static override className = 'Dot';
  readonly axes: number | [number, number];
  readonly normalize: boolean;

  constructor(args: LayerArgs & { axes: number | [number, number]; normalize?: boolean }) {
    checkOptions('Dot', args, ['axes', 'normalize']);
    super(args);
    const axes = args?.axes;
    const ok = Number.isInteger(axes) || (Array.isArray(axes) && axes.length === 2 && axes.every(Number.isInteger));
    if (!ok) throw new Error(`Dot: axes must be an integer or a pair of integers, got ${JSON.stringify(axes)}`);
    this.axes = Array.isArray(axes) ? [axes[0], axes[1]] : (axes as number);
    this.normalize = args.normalize ?? false;
  }

  private resolve(shapes: ShapeOrShapes): [SymbolicShape, SymbolicShape, number, number] {
    const what = `Dot '${this.name}'`;
    if (!Array.isArray(shapes[0]) || shapes.length !== 2) throw new Error(`${what}: expected exactly 2 inputs`);
    const [a, b] = shapes as SymbolicShape[];
    const [pa, pb] = Array.isArray(this.axes) ? this.axes : [this.axes, this.axes];
    const axA = pa < 0 ? a.length + pa : pa;
    const axB = pb < 0 ? b.length + pb : pb;
    if (a.length < 2 || b.length < 2 || axA < 1 || axA >= a.length || axB < 1 || axB >= b.length) {
      throw new Error(`${what}: axes ${JSON.stringify(this.axes)} must name non-batch axes of inputs of rank >= 2, got shapes ${formatSymbolicShape(a)} and ${formatSymbolicShape(b)}`);
    }
    if (a[axA] !== null && b[axB] !== null && a[axA] !== b[axB]) {
      throw new Error(`${what}: the dotted axes differ in size: ${formatSymbolicShape(a)} axis ${axA} (${a[axA]}) vs ${formatSymbolicShape(b)} axis ${axB} (${b[axB]})`);
    }
    return [a, b, axA, axB];
  }

  override computeOutputShape(shapes: ShapeOrShapes): Dims {
    const [a, b, axA, axB] = this.resolve(shapes);
    const out: Dims = [a[0], ...a.slice(1).filter((_, i) => i + 1 !== axA), ...b.slice(1).filter((_, i) => i + 1 !== axB)];
    return out.length === 1 ? [a[0], 1] : out;
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const [, , axA, axB] = this.resolve(list.map((t) => t.shape));
    let [a, b] = list;
    if (this.normalize) [a, b] = [l2Normalize(a, axA), l2Normalize(b, axB)];
    // as a batched matmul: a -> [batch, rest of a, n], b -> [batch, n, rest of b]
    const batch = a.shape[0];
    const am = moveAxis(a, axA, a.rank - 1);
    const bm = moveAxis(b, axB, 1);
    const n = a.shape[axA];
    const restA = am.shape.slice(1, -1);
    const restB = bm.shape.slice(2);
    const sizeA = restA.reduce((p, d) => p * d, 1);
    const sizeB = restB.reduce((p, d) => p * d, 1);
    const product = matmul(reshape(am, [batch, sizeA, n]), reshape(bm, [batch, n, sizeB]));
    const outShape = [batch, ...restA, ...restB];
    return reshape(product, outShape.length === 1 ? [batch, 1] : outShape);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axes: this.axes, normalize: this.normalize };
  }
}
