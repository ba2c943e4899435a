// The umbrella package: every public name of the four Rectify packages, flat.
export * from '@rectify/core';
export * from '@rectify/layers';
export * from '@rectify/optim';
export * from '@rectify/models';
