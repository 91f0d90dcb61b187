/**
 * Entry point of a trainer thread (started by start-trainer-thread.ts): selects
 * the tfjs backend the parent asked for, creates the trainer with the named
 * factory and serves it to the parent (serve-trainer.ts). A failure before the
 * trainer exists (backend unavailable, invalid input) is posted as
 * `startFailed` with the error's class and message intact.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../../runtime/backend';
import { serveTrainer, type ServableTrainer } from './serve-trainer';
import { toWireError } from './trainer-protocol';
import type { TrainerThreadSpec } from './start-trainer-thread';

async function main(port: NonNullable<typeof parentPort>, spec: TrainerThreadSpec): Promise<void> {
  try {
    await selectBackend(spec.backend);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const factory = require(spec.module)[spec.factory] as (input: unknown) => ServableTrainer<unknown, never>;
    if (typeof factory !== 'function') throw new Error(`${spec.module} exports no function '${spec.factory}'`);
    serveTrainer(port, factory(spec.input));
  } catch (err) {
    port.postMessage({ type: 'startFailed', error: toWireError(err) });
  }
}

if (parentPort) void main(parentPort, workerData as TrainerThreadSpec);
