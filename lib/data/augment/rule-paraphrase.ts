/**
 * A RULE-BASED paraphraser, shipped as the working example of the
 * paraphrase-provider plugin point (see paraphrase-command.ts). It is not a
 * neural paraphrase or back-translation model: it rewrites a fixed list of
 * English phrasings (contractions, intensifiers, opinion markers) into
 * equivalent ones, so its output is meaning-preserving but low-diversity.
 * Texts with no matching phrase come back unchanged (and are then not added
 * as copies). Pure and deterministic.
 */
const RULES: [RegExp, string][] = [
  [/\bdo not\b/g, "don't"],
  [/\bdon't\b/g, 'do not'],
  [/\bdoes not\b/g, "doesn't"],
  [/\bdoesn't\b/g, 'does not'],
  [/\bdid not\b/g, "didn't"],
  [/\bdidn't\b/g, 'did not'],
  [/\bis not\b/g, "isn't"],
  [/\bisn't\b/g, 'is not'],
  [/\bwas not\b/g, "wasn't"],
  [/\bwasn't\b/g, 'was not'],
  [/\bcannot\b/g, "can't"],
  [/\bcan't\b/g, 'cannot'],
  [/\bwill not\b/g, "won't"],
  [/\bwon't\b/g, 'will not'],
  [/\bit is\b/g, "it's"],
  [/\bit's\b/g, 'it is'],
  [/\bi am\b/g, "i'm"],
  [/\bi'm\b/g, 'i am'],
  [/\bvery\b/g, 'really'],
  [/\breally\b/g, 'very'],
  [/\bextremely\b/g, 'incredibly'],
  [/\bincredibly\b/g, 'extremely'],
  [/\bgreat\b/g, 'excellent'],
  [/\bexcellent\b/g, 'great'],
  [/\bi think\b/g, 'in my opinion'],
  [/\bin my opinion\b/g, 'i think'],
  [/\ba lot of\b/g, 'lots of'],
  [/\blots of\b/g, 'a lot of'],
  [/\bhighly recommend\b/g, 'strongly recommend'],
  [/\bstrongly recommend\b/g, 'highly recommend'],
];

/**
 * Applies the first matching rule of each pair, left to right, without
 * re-applying a rule's own output (each pair is tried on the text as it was
 * before that pair). Case-sensitive on lowercase phrases: curation lowercases
 * by default.
 */
export function ruleParaphrase(text: string): string {
  let out = text;
  for (let i = 0; i < RULES.length; i += 2) {
    const [a, aTo] = RULES[i];
    const [b, bTo] = RULES[i + 1];
    const before = out;
    out = before.replace(a, aTo);
    if (out === before) out = before.replace(b, bTo);
  }
  return out;
}
