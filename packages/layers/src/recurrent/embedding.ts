import { Tensor, checkBoolean, checkNumber, describeValue, formatShape, gather, notEqual, type Shape } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';
import { deserializeInitializer, getInitializer, serializeInitializer, type InitializerLike } from '../initializers.js';
import type { Parameter } from '../parameter.js';

export interface EmbeddingArgs extends LayerArgs {
  /** Vocabulary size: token ids are integers in [0, inputDim). */
  inputDim: number;
  /** Length of each token's vector. */
  outputDim: number;
  /** Default 'randomUniform' (U(-0.05, 0.05), as Keras). */
  embeddingsInitializer?: InitializerLike;
  /** Treat id 0 as padding: the layer outputs a mask (id != 0) that RNN layers honour. Default false. */
  maskZero?: boolean;
  /** Accepted for Keras 2 / TF.js configs (the sequence length); the input shape decides it. */
  inputLength?: number | number[] | null;
  /** Accepted for Keras 3 configs; only 0 or null (no low-rank adaptation). */
  loraRank?: number | null;
  /** Accepted for Keras 3 configs; unused without loraRank. */
  loraAlpha?: number | null;
}

/**
 * Token ids to vectors: output[..., :] = embeddings[id]. Ids arrive as float32 tensors (there is no integer
 * dtype) and must be integers in [0, inputDim). The gradient to the table is a scatter-add, so only the
 * rows of ids in the batch change. With `maskZero`, id 0 is padding and the layer's output mask marks it.
 * Weights: [embeddings (inputDim x outputDim)]. Keras name: Embedding.
 * @example new Embedding({ inputDim: 1000, outputDim: 16, maskZero: true })
 */
export class Embedding extends Layer {
  static override className = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly maskZero: boolean;
  readonly embeddingsInitializer: InitializerLike;
  readonly inputLength: number | number[] | null;
  embeddings!: Parameter;

  constructor(args: EmbeddingArgs) {
    checkOptions('Embedding', args, ['inputDim', 'outputDim', 'embeddingsInitializer', 'maskZero', 'inputLength', 'loraRank', 'loraAlpha']);
    if (!args) throw new Error(`Embedding: options are required, e.g. new Embedding({ inputDim: 1000, outputDim: 16 }); got ${describeValue(args)}`);
    checkNumber('Embedding', 'inputDim', args.inputDim, { integer: true, min: 1 });
    checkNumber('Embedding', 'outputDim', args.outputDim, { integer: true, min: 1 });
    if (args.loraRank !== undefined && args.loraRank !== null && args.loraRank !== 0) {
      throw new Error(`Embedding: loraRank ${describeValue(args.loraRank)} is not supported (low-rank adaptation); expected null or 0`);
    }
    const inputLength = args.inputLength ?? null;
    if (inputLength !== null && !(Array.isArray(inputLength) ? inputLength : [inputLength]).every((d) => Number.isInteger(d) && d > 0)) {
      throw new Error(`Embedding: inputLength must be a positive integer (or a list of them), got ${describeValue(inputLength)}`);
    }
    // Keras 2 and TF.js give the sequence length as inputLength on the first layer
    const withShape = inputLength !== null && !args.inputShape && !args.batchInputShape ? { ...args, inputShape: Array.isArray(inputLength) ? inputLength : [inputLength] } : args;
    super(withShape);
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    this.maskZero = checkBoolean('Embedding', 'maskZero', args.maskZero, false);
    this.inputLength = inputLength;
    this.embeddingsInitializer = deserializeInitializer(args.embeddingsInitializer ?? 'randomUniform');
    getInitializer(this.embeddingsInitializer);
  }

  override build(_inputShape: Shape): void {
    this.embeddings = this.addWeight('embeddings', { shape: [this.inputDim, this.outputDim], initializer: this.embeddingsInitializer });
  }

  call(ids: Tensor): Tensor {
    const data = ids.values;
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (!Number.isInteger(v) || v < 0 || v >= this.inputDim) {
        throw new Error(`Embedding '${this.name}': input ${formatShape(ids.shape)} holds ${v} at flat position ${i}; expected token ids, integers in [0, ${this.inputDim - 1}] (inputDim ${this.inputDim})`);
      }
    }
    return gather(this.embeddings, ids, 0);
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    return [...inputShape, this.outputDim];
  }

  /** With maskZero: 1 where the id is not 0. Embedding starts a mask; it does not take one. */
  override computeMask(ids: Tensor | Tensor[], mask: Tensor | null): Tensor | null {
    if (mask) throw new Error(`Embedding '${this.name}' received a mask; it starts a mask from its token ids (maskZero) and cannot take one`);
    return this.maskZero ? notEqual(ids as Tensor, 0) : null;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: serializeInitializer(this.embeddingsInitializer),
      maskZero: this.maskZero,
      inputLength: this.inputLength,
    };
  }
}
