export * from './backend';
export * from './classifier-trainer';
export * from './hyperparams';
export * from './kernels';
export * from './text-classifier';
export * from './word-tokenizer';
