// "1 issue", "2 issues": a count with its noun in the right number.

/** `count` and `singular`, or `pluralForm` (default: singular + "s") when count is not 1. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
