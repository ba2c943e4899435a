export * from '@rectify/core';
