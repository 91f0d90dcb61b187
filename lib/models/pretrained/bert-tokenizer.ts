import { Tokenizer } from '@huggingface/tokenizers';
import { ConfigError } from '../../core/errors';

/**
 * WordPiece tokenization of a Hugging Face `tokenizer.json` (BertNormalizer:
 * lowercasing, accent stripping, CJK spacing, control characters; [CLS] and
 * [SEP] from its post-processor), by `@huggingface/tokenizers`, Hugging
 * Face's own pure-JS port: token ids agree with transformers' fast tokenizer
 * on the fixture's 16 texts (accents, emoji, CJK, unknown words, controls).
 * This module adds what a batch needs: truncation to `maxLen` keeping the
 * final [SEP], padding with id 0, attention mask and token types.
 */
export interface BertBatch {
  /** Row-major `[texts, maxLen]`. */
  readonly ids: Int32Array;
  readonly mask: Int32Array;
  readonly types: Int32Array;
  readonly maxLen: number;
  /** Texts longer than maxLen wordpieces (cut). */
  readonly truncated: number;
}

export class BertTokenizer {
  private readonly tokenizer: Tokenizer;
  private readonly sep: number;

  /** @throws ConfigError when tokenizer.json cannot be read as a tokenizer. */
  constructor(tokenizerJson: unknown, tokenizerConfig: unknown, file: string) {
    try {
      this.tokenizer = new Tokenizer(tokenizerJson as never, (tokenizerConfig ?? {}) as never);
      const empty = this.tokenizer.encode('').ids.map(Number);
      this.sep = empty[empty.length - 1];
    } catch (err) {
      throw new ConfigError(`${file}: not a usable tokenizer.json (${(err as Error).message})`);
    }
  }

  /** Ids of one text with its special tokens, untruncated. */
  encodeOne(text: string): number[] {
    return this.tokenizer.encode(text).ids.map(Number);
  }

  /** A padded batch: each text truncated to `maxLen` tokens (the last kept token is [SEP]). */
  encodeBatch(texts: readonly string[], maxLen: number): BertBatch {
    const ids = new Int32Array(texts.length * maxLen);
    const mask = new Int32Array(texts.length * maxLen);
    let truncated = 0;
    texts.forEach((text, r) => {
      let row = this.encodeOne(text);
      if (row.length > maxLen) {
        row = [...row.slice(0, maxLen - 1), this.sep];
        truncated++;
      }
      ids.set(row, r * maxLen);
      mask.fill(1, r * maxLen, r * maxLen + row.length);
    });
    return { ids, mask, types: new Int32Array(texts.length * maxLen), maxLen, truncated };
  }
}
