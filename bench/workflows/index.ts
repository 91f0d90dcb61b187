// Workflows of the sweep-overhead bench: the product's own plus a bare fan-out baseline.
export * from '../../workflows';
export { bareFanout, bareTrial } from './bare-fanout';
