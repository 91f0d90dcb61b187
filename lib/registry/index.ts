export * from './ensemble-spec';
export * from './load-registered-model';
export * from './registry-entry';
export * from './build-registry-entry';
