import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../../lib/models/runtime/backend';
import { describeBackend, describeSelection } from '../../../../lib/models/runtime/backend-requirement';

/** Whether @tensorflow/tfjs-node loads here (optional; it cannot be installed as published on every machine). */
function nativeInstalled(): boolean {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

afterAll(async () => {
  await selectBackend('cpu');
});

describe('selectBackend', () => {
  it("'auto' picks the first working of native GPU, native CPU, wasm, cpu and says what it tried", async () => {
    const b = await selectBackend('auto');
    expect(tf.getBackend()).toBe(b.name);
    expect(b.preference).toBe('auto');
    expect(b.tried?.[0]).toMatch(/^@tensorflow\/tfjs-node-gpu (not installed|failed to load)|^tensorflow \(GPU build\) ok$/);
    if (!nativeInstalled()) {
      expect(b).toMatchObject({ name: 'wasm', native: false, gpu: false });
      expect(b.tried).toEqual(['@tensorflow/tfjs-node-gpu not installed', '@tensorflow/tfjs-node not installed', 'wasm ok']);
      expect(describeSelection(b)).toBe('wasm (WebAssembly); auto: @tensorflow/tfjs-node-gpu not installed; @tensorflow/tfjs-node not installed; wasm ok');
    }
  });

  it('an explicit backend is used as asked and described', async () => {
    expect(describeBackend(await selectBackend('wasm'))).toBe('wasm (WebAssembly)');
    expect(tf.getBackend()).toBe('wasm');
    const cpu = await selectBackend('cpu');
    expect(cpu).toMatchObject({ name: 'cpu', native: false, gpu: false, tried: ['cpu ok'] });
    expect(tf.getBackend()).toBe('cpu');
  });

  (nativeInstalled() ? it.skip : it)("an explicit 'tensorflow' that cannot load throws naming the backend and what to install", async () => {
    await expect(selectBackend('tensorflow')).rejects.toThrow(
      /tfjs backend 'tensorflow' requested but unavailable \(@tensorflow\/tfjs-node-gpu not installed; @tensorflow\/tfjs-node not installed\); install @tensorflow\/tfjs-node-gpu.*or install @tensorflow\/tfjs-node/,
    );
  });
});
