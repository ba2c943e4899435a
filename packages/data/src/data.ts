import { array, generator, zip } from './sources.js';
import { csv } from './csv/csv-dataset.js';

/**
 * Dataset constructors (TF.js `tf.data`): `data.array`, `data.generator`, `data.csv`, `data.zip`.
 * @example
 * import { data } from '@rectify/rectify';
 * const ds = data.csv('train.csv', { columnConfigs: { y: { isLabel: true } } }).shuffle(1000, 1).batch(32);
 */
export const data = { array, generator, csv, zip };
