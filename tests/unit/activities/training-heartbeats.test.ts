import { MockActivityEnvironment } from '@temporalio/testing';
import { Context } from '@temporalio/activity';
import type { ProgressOnlyHeartbeat } from '../../../activities/contracts';
import { newestCheckpoint } from '../../../activities/checkpoint-writer';
import { heartbeatEveryMs, HEARTBEAT_EVERY_MS, startHeartbeats } from '../../../activities/training-callbacks';
import { writeCheckpointPointer } from '../../../lib/artifacts/checkpoint-pointer';
import { MemoryArtifactStore } from '../../../lib/artifacts/memory-artifact-store';

/** The timer heartbeats of the training activities, and what a retry takes from a heartbeat. */

test('the timer beats every 5 s, or three times per heartbeat timeout when that is shorter', () => {
  expect(heartbeatEveryMs(undefined)).toBe(HEARTBEAT_EVERY_MS);
  expect(heartbeatEveryMs(20_000)).toBe(5_000);
  expect(heartbeatEveryMs(2_000)).toBeCloseTo(666.67, 1);
  expect(heartbeatEveryMs(30)).toBe(50);
});

test('startHeartbeats beats the latest details until stopped', async () => {
  const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 150 });
  const beats: unknown[] = [];
  env.on('heartbeat', (d: unknown) => beats.push(d));
  await env.run(async () => {
    let n = 0;
    const stop = startHeartbeats(Context.current(), () => ({ live: { batch: ++n } }));
    await new Promise((r) => setTimeout(r, 400));
    stop();
    const count = beats.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(beats.length).toBe(count);
  });
  expect(beats.length).toBeGreaterThanOrEqual(3);
  expect(beats[0]).toEqual({ live: { batch: 1 } });
});

test('a progress-only heartbeat is no resume point; the S3 pointer still is', async () => {
  const store = new MemoryArtifactStore();
  const deps = { store, allowFileSources: false };
  const live: ProgressOnlyHeartbeat = { live: { epoch: 1, batch: 4, batches: 13, trainLoss: 0.6 } };
  expect(await newestCheckpoint(deps, 'runs/x/trials/t', 'fp', live)).toBeUndefined();
  const checkpoint = {
    uri: 's3://b/runs/x/trials/t/c.ckpt',
    sha256: 'a'.repeat(64),
    bytes: 3,
    kind: 'checkpoint' as const,
  };
  await writeCheckpointPointer(store, 'runs/x/trials/t', { fingerprint: 'fp', epoch: 1, checkpoint });
  expect(await newestCheckpoint(deps, 'runs/x/trials/t', 'fp', live)).toEqual({ epoch: 1, checkpoint });
});
