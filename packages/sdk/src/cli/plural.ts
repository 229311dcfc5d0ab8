/** `1 text`, `2 texts`: a count with its noun in the right number (`plural` defaults to noun + "s"). */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}
