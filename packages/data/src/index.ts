/**
 * Datasets: arrays, generators and streamed CSV, with map, filter, shuffle, batch, prefetch and cache.
 * @packageDocumentation
 * @module @rectify/data
 */
export { Dataset, type BatchOptions } from './dataset.js';
export type { Element, ElementRecord, NumericArray, Batched } from './element.js';
export type { GeneratorSource } from './sources.js';
export { CSVDataset, type CsvOptions } from './csv/csv-dataset.js';
export type { ColumnConfig } from './csv/columns.js';
export type { CsvSource } from './csv/byte-source.js';
export { data } from './data.js';
