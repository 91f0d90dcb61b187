/** Minimal typing of the `stopword` npm package (it ships none): only what lib/data uses. */
declare module 'stopword' {
  /** English stop words (lowercase). */
  export const eng: readonly string[];
}
