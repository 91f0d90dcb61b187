import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../../lib/models/runtime/backend';
import { describeBackend, describeSelection } from '../../../../lib/models/runtime/backend-requirement';

/**
 * Whether @tensorflow/tfjs-node's native addon was built here. The package is a
 * dependency, but npm does not build its addon: scripts/install-tfjs-native.sh
 * does, where Maven, pip and a C++ compiler are available.
 */
function nativeInstalled(): boolean {
  const pkg = path.dirname(require.resolve('@tensorflow/tfjs-node/package.json'));
  return fs.existsSync(path.join(pkg, 'lib', 'napi-v8', 'tfjs_binding.node'));
}

/** test.sh sets this after scripts/install-tfjs-native.sh succeeded: native must then be chosen. */
const NATIVE_EXPECTED = process.env.FF_EXPECT_NATIVE_TF === '1';
const ADDON_MISSING = '@tensorflow/tfjs-node: native addon not built (run bash scripts/install-tfjs-native.sh)';

afterAll(async () => {
  await selectBackend('cpu');
});

describe('selectBackend', () => {
  it("'auto' picks the first working of native GPU, native CPU, wasm, cpu and says what it tried", async () => {
    const b = await selectBackend('auto');
    expect(tf.getBackend()).toBe(b.name);
    expect(b.preference).toBe('auto');
    expect(b.tried?.[0]).toMatch(
      /^@tensorflow\/tfjs-node-gpu (not installed|failed to load)|^tensorflow \(GPU build\) ok$/,
    );
    if (NATIVE_EXPECTED) expect(nativeInstalled()).toBe(true);
    if (nativeInstalled()) {
      expect(b).toMatchObject({ name: 'tensorflow', native: true, gpu: false });
      expect(b.tried).toEqual(['@tensorflow/tfjs-node-gpu not installed', 'tensorflow (CPU build) ok']);
      expect(describeSelection(b)).toBe(
        'tensorflow (native, CPU build); auto: @tensorflow/tfjs-node-gpu not installed; tensorflow (CPU build) ok',
      );
    } else {
      expect(b).toMatchObject({ name: 'wasm', native: false, gpu: false });
      expect(b.tried).toEqual(['@tensorflow/tfjs-node-gpu not installed', ADDON_MISSING, 'wasm ok']);
      expect(describeSelection(b)).toBe(
        `wasm (WebAssembly); auto: @tensorflow/tfjs-node-gpu not installed; ${ADDON_MISSING}; wasm ok`,
      );
    }
  });

  it('an explicit backend is used as asked and described', async () => {
    expect(describeBackend(await selectBackend('wasm'))).toBe('wasm (WebAssembly)');
    expect(tf.getBackend()).toBe('wasm');
    const cpu = await selectBackend('cpu');
    expect(cpu).toMatchObject({ name: 'cpu', native: false, gpu: false, tried: ['cpu ok'] });
    expect(tf.getBackend()).toBe('cpu');
  });

  (nativeInstalled() ? it.skip : it)(
    "an explicit 'tensorflow' that cannot load throws naming the backend and what to install",
    async () => {
      await expect(selectBackend('tensorflow')).rejects.toThrow(
        `tfjs backend 'tensorflow' requested but unavailable (@tensorflow/tfjs-node-gpu not installed; ${ADDON_MISSING}); ` +
          'on a CUDA 11.2 machine, FF_NATIVE_TF_VARIANT=gpu bash scripts/install-tfjs-native.sh (@tensorflow/tfjs-node-gpu 4.22.0), ' +
          'or run bash scripts/install-tfjs-native.sh (@tensorflow/tfjs-node 4.22.0 with libtensorflow 2.10.1)',
      );
    },
  );

  (nativeInstalled() ? it : it.skip)(
    "an explicit 'tensorflow' selects the native CPU build, which computes",
    async () => {
      const b = await selectBackend('tensorflow');
      expect(b).toMatchObject({ name: 'tensorflow', native: true, gpu: false, preference: 'tensorflow' });
      expect(tf.getBackend()).toBe('tensorflow');
      expect(Array.from(tf.matMul(tf.ones([3, 4]), tf.ones([4, 2])).dataSync())).toEqual([4, 4, 4, 4, 4, 4]);
    },
  );
});
