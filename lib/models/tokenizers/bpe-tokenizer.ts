/**
 * Byte-pair-encoding tokenizer with a compact vocabulary, for the causal
 * language model (and a classifier fine-tuned from it).
 *
 * Text is split by OpenAI's `cl100k_base` BPE from the `gpt-tokenizer`
 * package (chosen because it ships its merge tables inside the npm package:
 * no download at run time, pure JS, CommonJS build). Its ~100k ids would make
 * a huge embedding, so `fit` keeps the `vocabSize - 3` BPE ids most frequent in
 * the training texts and remaps them to 3.. ; 0 is padding, 1 out-of-vocabulary,
 * 2 the start-of-text token the LM conditions its first prediction on.
 *
 * Determinism: the vocabulary depends only on the multiset of training texts
 * (frequency descending, ties by BPE id), never on their order.
 */
import { OOV_ID } from './word-tokenizer';

export const BOS_ID = 2;
const FIRST_TOKEN_ID = 3;
const BPE_TOKENIZER_VERSION = 1;
/** The BPE encoding and the package version that defines it; recorded in every checkpoint. */
export const BPE_ENCODING = 'cl100k_base';
export const BPE_PACKAGE = 'gpt-tokenizer@3.4.0';

/** Serialised form: `bpeIds[i]` is the cl100k id of compact id i + 3. */
export interface BpeTokenizerJson {
  kind: 'bpe';
  version: number;
  encoding: string;
  package: string;
  maxLen: number;
  bpeIds: number[];
}

type Encoder = { encode(text: string): number[]; decode(ids: number[]): string };
let encoder: Encoder | undefined;

/** Loads the encoder on first use (its tables take ~0.1 s to load). */
function bpe(): Encoder {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  encoder ??= require('gpt-tokenizer/cjs/encoding/cl100k_base') as Encoder;
  return encoder;
}

/** Raw cl100k BPE ids of a text (no special tokens are parsed from the text). */
export function bpeEncode(text: string): number[] {
  return bpe().encode(text);
}

/** Fitted compact BPE vocabulary + fixed-length encoder. Immutable. */
export class BpeTokenizer {
  private readonly index: Map<number, number>;

  private constructor(
    readonly bpeIds: readonly number[],
    readonly maxLen: number,
  ) {
    this.index = new Map(bpeIds.map((id, i) => [id, i + FIRST_TOKEN_ID]));
  }

  /** Keeps the `vocabSize - 3` most frequent BPE ids of `texts`. Throws if vocabSize < 4 or maxLen < 1. */
  static fit(texts: readonly string[], options: { vocabSize: number; maxLen: number }): BpeTokenizer {
    const { vocabSize, maxLen } = options;
    if (!Number.isInteger(vocabSize) || vocabSize < 4)
      throw new Error(`BPE vocabSize must be an integer >= 4, got ${vocabSize}`);
    if (!Number.isInteger(maxLen) || maxLen < 1) throw new Error(`maxLen must be an integer >= 1, got ${maxLen}`);
    const counts = new Map<number, number>();
    for (const t of texts) for (const id of bpeEncode(t)) counts.set(id, (counts.get(id) ?? 0) + 1);
    const ids = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, vocabSize - FIRST_TOKEN_ID)
      .map(([id]) => id);
    return new BpeTokenizer(ids, maxLen);
  }

  /** Restores {@link toJSON} output, optionally with another `maxLen`. Throws on a foreign encoding or version. */
  static fromJSON(json: BpeTokenizerJson, maxLen = json.maxLen): BpeTokenizer {
    if (json.kind !== 'bpe' || json.version !== BPE_TOKENIZER_VERSION || json.encoding !== BPE_ENCODING) {
      throw new Error(
        `unsupported BPE tokenizer ${json.kind}/${json.encoding} v${json.version}; expected bpe/${BPE_ENCODING} v${BPE_TOKENIZER_VERSION}`,
      );
    }
    return new BpeTokenizer(json.bpeIds.slice(), maxLen);
  }

  /** Ids in use (tokens + PAD + OOV + BOS); the embedding's inputDim must be >= this. */
  get size(): number {
    return this.bpeIds.length + FIRST_TOKEN_ID;
  }

  /** No word list: word vectors cannot initialise a BPE embedding. */
  get words(): readonly string[] {
    return [];
  }

  /** Compact ids of one text, unpadded, without BOS. */
  ids(text: string): number[] {
    return bpeEncode(text).map((id) => this.index.get(id) ?? OOV_ID);
  }

  /** Row-major `[texts.length, maxLen]` ids: first `maxLen` tokens, right-padded with PAD_ID. */
  encode(texts: readonly string[]): Int32Array {
    const out = new Int32Array(texts.length * this.maxLen);
    texts.forEach((text, row) => {
      const ids = this.ids(text);
      for (let j = 0; j < Math.min(ids.length, this.maxLen); j++) out[row * this.maxLen + j] = ids[j];
    });
    return out;
  }

  /** Text of compact ids (PAD/BOS dropped, OOV as U+FFFD). */
  decode(ids: readonly number[]): string {
    const parts: string[] = [];
    let run: number[] = [];
    const flush = () => {
      if (run.length) parts.push(bpe().decode(run));
      run = [];
    };
    for (const id of ids) {
      if (id >= FIRST_TOKEN_ID && id < this.size) run.push(this.bpeIds[id - FIRST_TOKEN_ID]);
      else if (id === OOV_ID) {
        flush();
        parts.push('\uFFFD');
      }
    }
    flush();
    return parts.join('');
  }

  toJSON(): BpeTokenizerJson {
    return {
      kind: 'bpe',
      version: BPE_TOKENIZER_VERSION,
      encoding: BPE_ENCODING,
      package: BPE_PACKAGE,
      maxLen: this.maxLen,
      bpeIds: this.bpeIds.slice(),
    };
  }
}
