/** `count` and the noun, in the singular for exactly 1: plural(1, 'member') = "1 member", plural(3, 'trial') = "3 trials". */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}
