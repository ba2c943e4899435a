// The model-file layer on Node (the `node` condition of the package's `#files` import).
export { readModelFiles } from './read-files.js';
export { writeModelFiles } from './save-files.js';
