/**
 * Word-level tokenizer for the text classifier: lowercase, split on anything
 * that is not a Unicode letter or digit, keep the `vocabSize - 2` most frequent
 * training words. Id 0 is padding, id 1 is out-of-vocabulary.
 *
 * Determinism: the vocabulary depends only on the multiset of training texts
 * (frequency descending, ties broken by code-unit order of the word), never on
 * their order, so the same data always yields the same ids.
 */

export const PAD_ID = 0;
export const OOV_ID = 1;
const TOKENIZER_VERSION = 1;

/** Serialised form written by {@link WordTokenizer.toJSON}. */
export interface WordTokenizerJson {
  version: number;
  maxLen: number;
  /** Words in id order starting at id 2. */
  words: string[];
}

/** Splits text into lowercase word tokens (letters/digits runs). */
export function splitWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Fitted vocabulary + fixed-length encoder. Immutable after construction. */
export class WordTokenizer {
  private readonly index: Map<string, number>;

  private constructor(
    readonly words: readonly string[],
    readonly maxLen: number,
  ) {
    this.index = new Map(words.map((w, i) => [w, i + 2]));
  }

  /**
   * Fits a vocabulary on `texts`. `vocabSize` counts PAD and OOV, so at most
   * `vocabSize - 2` words are kept. Throws if vocabSize < 2 or maxLen < 1.
   */
  static fit(texts: readonly string[], options: { vocabSize: number; maxLen: number }): WordTokenizer {
    const { vocabSize, maxLen } = options;
    if (!Number.isInteger(vocabSize) || vocabSize < 2)
      throw new Error(`vocabSize must be an integer >= 2, got ${vocabSize}`);
    if (!Number.isInteger(maxLen) || maxLen < 1) throw new Error(`maxLen must be an integer >= 1, got ${maxLen}`);
    const counts = new Map<string, number>();
    for (const t of texts) for (const w of splitWords(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
    const words = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, vocabSize - 2)
      .map(([w]) => w);
    return new WordTokenizer(words, maxLen);
  }

  /** Restores a tokenizer written by {@link toJSON}. Throws on an unknown version. */
  static fromJSON(json: WordTokenizerJson): WordTokenizer {
    if (json.version !== TOKENIZER_VERSION) throw new Error(`unsupported tokenizer version ${json.version}`);
    return new WordTokenizer(json.words.slice(), json.maxLen);
  }

  /** Number of ids in use (words + PAD + OOV); the embedding's inputDim must be >= this. */
  get size(): number {
    return this.words.length + 2;
  }

  /** Token ids for one text, unpadded and untruncated. */
  ids(text: string): number[] {
    return splitWords(text).map((w) => this.index.get(w) ?? OOV_ID);
  }

  /**
   * Encodes texts into a row-major `[texts.length, maxLen]` Int32Array:
   * the first `maxLen` tokens of each text, right-padded with PAD_ID.
   */
  encode(texts: readonly string[]): Int32Array {
    const out = new Int32Array(texts.length * this.maxLen);
    texts.forEach((text, row) => {
      const ids = this.ids(text);
      const n = Math.min(ids.length, this.maxLen);
      for (let j = 0; j < n; j++) out[row * this.maxLen + j] = ids[j];
    });
    return out;
  }

  /** JSON-safe snapshot; `fromJSON(toJSON())` encodes identically. */
  toJSON(): WordTokenizerJson {
    return { version: TOKENIZER_VERSION, maxLen: this.maxLen, words: this.words.slice() };
  }
}
