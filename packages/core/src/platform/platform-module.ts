import type { Platform } from './platform.js';

/**
 * The types of the `#platform` import: at run time it resolves to `node.js` or `browser.js` (by the
 * `node` and `browser` conditions of the package's `imports`), which both export this.
 */
export declare const platform: Platform;
