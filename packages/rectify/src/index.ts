// The umbrella package: every public name of the four Rectify packages, flat.
export * from '@rectify/core';
export * from '@rectify/layers';
export * from '@rectify/optim';
export * from '@rectify/models';
// Both core and layers export a checkOptions: the umbrella's is core's general one (owner, options, known keys);
// the layers variant, which also accepts every layer's base keys, stays available from '@rectify/layers'.
export { checkOptions } from '@rectify/core';
