// What the page and the training worker say to each other.

/** The network and training choices of the page. */
export interface TrainConfig {
  activation: ActivationName;
  /** Hidden layers. */
  depth: number;
  /** Units per hidden layer. */
  width: number;
  initializer: 'heNormal' | 'glorotUniform' | 'randomNormal';
  learningRate: number;
  optimizer: 'adam' | 'sgd';
  epochs: number;
  batchSize: number;
  seed: number;
}

export const ACTIVATIONS = ['relu', 'leakyRelu', 'prelu', 'elu', 'swish', 'gelu', 'sigmoid'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/** Per hidden layer: how much of it is dead, and which units fire on the probe batch. */
export interface LayerStats {
  layer: string;
  /** Fraction of units that are zero for every probe sample. */
  deadFraction: number;
  /** Fraction of activations that are exactly zero. */
  sparsity: number;
  /** Per unit, the fraction of probe samples it fires on (0: dead). */
  firing: number[];
}

export type ToWorker =
  | { type: 'train'; config: TrainConfig }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'reset' }
  | { type: 'predict'; pixels: number[] }
  | { type: 'load-url'; url: string }
  | { type: 'load-artifacts'; modelJson: string; weights: Record<string, ArrayBuffer> };

export type FromWorker =
  | { type: 'ready'; backend: string; threads: number; isolated: boolean; train: number; test: number }
  | { type: 'progress'; epoch: number; step: number; steps: number; loss: number; accuracy: number }
  | { type: 'stats'; step: number; layers: LayerStats[]; gradNorms: Array<{ layer: string; norm: number }> }
  | { type: 'epoch'; epoch: number; loss: number; accuracy: number; testAccuracy: number }
  | { type: 'done'; reason: 'finished' | 'reset' }
  | { type: 'prediction'; probabilities: number[] }
  | { type: 'summary'; text: string; inputShape: Array<number | null> }
  | { type: 'error'; message: string };
