/**
 * The umbrella package: every public name of the other packages, flat, plus TF.js-style namespaces (`sequential`, `layers.*`, `train.*`).
 * @packageDocumentation
 * @module @rectify/rectify
 */
export * from '@rectify/core';
export * from '@rectify/layers';
export * from '@rectify/optim';
export * from '@rectify/models';
// Both core and layers export a checkOptions: the umbrella's is core's general one (owner, options, known keys);
// the layers variant, which also accepts every layer's base keys, stays available from '@rectify/layers'.
export { checkOptions } from '@rectify/core';
export { data, Dataset, CSVDataset, type BatchOptions, type Batched, type CsvOptions, type CsvSource, type ColumnConfig, type GeneratorSource, type Element as DatasetElement, type ElementRecord as DatasetRecord } from '@rectify/data';
export { sequential, layers, train, loadLayersModel } from './tfjs-namespaces.js';
