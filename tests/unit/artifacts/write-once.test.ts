import { MemoryArtifactStore } from '../../../lib/artifacts/memory-artifact-store';
import { writeOnce, type WriteOnceInput } from '../../../lib/artifacts/write-once';
import {
  extendsCurve,
  learningCurveKey,
  writeLearningCurveRecord,
  type LearningCurveRecord,
} from '../../../lib/models/training/learning-curve-record';
import { ConfigError } from '../../../lib/core/errors';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const conflict = (uri: string) => new ConfigError(`conflict at ${uri}`);

describe('writeOnce', () => {
  const input = (body: string, more: Partial<WriteOnceInput> = {}): WriteOnceInput => ({
    key: 'runs/r/rec.json',
    body: enc(body),
    conflict,
    ...more,
  });

  it('writes a new record, and an identical rewrite (a retry) succeeds without writing', async () => {
    const store = new MemoryArtifactStore('t');
    expect(await writeOnce(store, input('a'))).toEqual({ key: 'runs/r/rec.json', version: 1, written: true });
    expect(await writeOnce(store, input('a'))).toEqual({ key: 'runs/r/rec.json', version: 1, written: false });
  });

  it('refuses different bytes, naming the record, and keeps the first', async () => {
    const store = new MemoryArtifactStore('t');
    await writeOnce(store, input('a'));
    await expect(writeOnce(store, input('b'))).rejects.toThrow(`conflict at ${store.uriFor('runs/r/rec.json')}`);
    expect(dec(await store.get('runs/r/rec.json'))).toBe('a');
  });

  it('with versions, writes different bytes to the first free version and finds it again', async () => {
    const store = new MemoryArtifactStore('t');
    const versionKey = (v: number) => `runs/r/v${v}/rec.json`;
    await writeOnce(store, input('a', { versionKey }));
    expect(await writeOnce(store, input('b', { versionKey }))).toEqual({
      key: 'runs/r/v2/rec.json',
      version: 2,
      written: true,
    });
    expect(await writeOnce(store, input('b', { versionKey }))).toMatchObject({ version: 2, written: false });
    expect(await writeOnce(store, input('c', { versionKey }))).toMatchObject({ version: 3, written: true });
    expect(dec(await store.get('runs/r/rec.json'))).toBe('a');
  });

  it('replaces bytes that `supersedes` accepts (append-only records)', async () => {
    const store = new MemoryArtifactStore('t');
    await writeOnce(store, input('ab'));
    const grows = (existing: Uint8Array) => 'abc'.startsWith(dec(existing));
    expect(await writeOnce(store, input('abc', { supersedes: grows }))).toMatchObject({ version: 1, written: true });
    expect(dec(await store.get('runs/r/rec.json'))).toBe('abc');
  });
});

describe('learning curves are append-only lineage records', () => {
  const epoch = (n: number, valLoss = 1 / n) => ({ epoch: n, valLoss, seconds: n });
  const curve = (epochs: number, more: Partial<LearningCurveRecord> = {}): LearningCurveRecord => ({
    trialId: 't0001',
    params: { learningRate: 0.01 },
    epochs,
    history: Array.from({ length: epochs }, (_, i) => epoch(i + 1)),
    ...more,
  });
  const prefix = 'runs/r/trials/t0001';

  it('grows epoch by epoch (also across pruning chunks with a higher target), and a retry rewrite succeeds', async () => {
    const store = new MemoryArtifactStore('t');
    await writeLearningCurveRecord(store, prefix, curve(1));
    await writeLearningCurveRecord(store, prefix, curve(2));
    await writeLearningCurveRecord(store, prefix, curve(2));
    await writeLearningCurveRecord(store, prefix, { ...curve(3), epochs: 5 });
    expect(JSON.parse(dec(await store.get(learningCurveKey(prefix)))).history).toHaveLength(3);
  });

  it("refuses a second run's different curve (other params, or a changed epoch), naming the record and the fix", async () => {
    const store = new MemoryArtifactStore('t');
    await writeLearningCurveRecord(store, prefix, curve(2));
    const uri = store.uriFor(learningCurveKey(prefix));
    const message = `Trial t0001 already has a different learning curve at ${uri} (another run with this run id, or other params); learning curves are lineage records and are never overwritten. Start the run with a new id, or set registry.onExisting: newVersion in the config to write a new version (<trial>/v2/learning-curve.json) beside it.`;
    const otherParams = writeLearningCurveRecord(store, prefix, curve(1, { params: { learningRate: 0.1 } }));
    await expect(otherParams).rejects.toThrow(new ConfigError(message));
    const changed = { ...curve(3), history: [epoch(1, 9), epoch(2), epoch(3)] };
    await expect(writeLearningCurveRecord(store, prefix, changed)).rejects.toBeInstanceOf(ConfigError);
    // A shorter curve is not an extension either (it would drop epochs).
    await expect(writeLearningCurveRecord(store, prefix, curve(1))).rejects.toBeInstanceOf(ConfigError);
    expect(JSON.parse(dec(await store.get(learningCurveKey(prefix)))).history).toHaveLength(2);
  });

  it("with registry.onExisting newVersion, a rerun's curve goes to v2 and keeps growing there", async () => {
    const store = new MemoryArtifactStore('t');
    await writeLearningCurveRecord(store, prefix, curve(2));
    const rerun = (n: number) => curve(n, { params: { learningRate: 0.1 } });
    expect(await writeLearningCurveRecord(store, prefix, rerun(1), 'newVersion')).toBe(
      `${prefix}/v2/learning-curve.json`,
    );
    expect(await writeLearningCurveRecord(store, prefix, rerun(2), 'newVersion')).toBe(
      `${prefix}/v2/learning-curve.json`,
    );
    expect(JSON.parse(dec(await store.get(`${prefix}/v2/learning-curve.json`))).history).toHaveLength(2);
    expect(JSON.parse(dec(await store.get(learningCurveKey(prefix)))).params).toEqual({ learningRate: 0.01 });
  });

  it('extendsCurve rejects unreadable bytes', () => {
    expect(extendsCurve(enc('not json'), curve(1))).toBe(false);
  });
});
