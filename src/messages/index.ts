export * from './build.ts';
export * from './parse.ts';
export * from './parts.ts';
export type * from './types.ts';
