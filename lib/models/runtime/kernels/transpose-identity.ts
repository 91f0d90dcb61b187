import type * as tf from '@tensorflow/tfjs';

/**
 * `Transpose` for the tfjs `cpu` backend that short-circuits the identity
 * permutation and delegates every other permutation to the stock kernel.
 *
 * Why: the gradient of `tf.gather(params, ids, axis 0)` (a trainable embedding)
 * transposes `dy` and the whole `[vocab, dim]` gradient with the identity
 * permutation `[0, 1]`; the stock kernel still copies element by element with
 * generic index arithmetic (~8 ms per call for a 6,000 x 32 table). An identity
 * transpose is the input itself: we share its data (ref-counted), exactly as the
 * cpu `Identity` kernel does. Results are bit-identical to the stock kernel.
 */

interface RefCountingBackend {
  incRef(dataId: object): void;
}

function isIdentity(perm: readonly number[]): boolean {
  return perm.every((p, i) => p === i);
}

/** Wraps the stock Transpose kernel config (`stock`) into the fast one. */
export function makeTransposeIdentityConfig(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = ((args: { inputs: tf.NamedTensorInfoMap; backend: object; attrs?: tf.NamedAttrMap }) => {
    const x = args.inputs.x as tf.TensorInfo;
    const perm = ((args.attrs as { perm?: number[] } | undefined)?.perm ?? []) as number[];
    if (perm.length === x.shape.length && isIdentity(perm)) {
      (args.backend as RefCountingBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
    }
    return stock.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]);
  }) as unknown as tf.KernelFunc;
  return { ...stock, kernelFunc };
}
