// Emphasis and strong for the fast path of plain-markdown.ts: which runs of asterisks pair up,
// as micromark's attention resolver (remark-cjk-friendly's copy of it, which markdown.ts uses)
// decides it. That resolver differs from the CommonMark spec's prose in one point kept here: the
// rule of three looks at what is left of both runs, not at their original lengths, and the
// content of each pair is resolved again on its own when the pair is made. A run pairs only with
// a run of its own marker (`*` or `_`). Pure.

/** A run of asterisks or underscores, with what the flanking rule allows it (plain-markdown.ts decides that). */
export interface Run {
  kind: 'run';
  /** The character code of the marker. */
  marker: number;
  start: number;
  end: number;
  canOpen: boolean;
  canClose: boolean;
}

/** Emphasis (one marker each side) or strong (two), spanning its markers. */
export interface Group<T> {
  kind: 'emphasis' | 'strong';
  start: number;
  end: number;
  children: Resolved<T>[];
}

/** What resolution gives: the caller's items, groups, and runs left over, which are text. */
export type Resolved<T> = T | Run | Group<T>;

/**
 * Pairs the runs among `items` (in source order; any item not a run is opaque), and returns them
 * with every pair's content nested in a group. Runs are copied, never changed.
 */
export function resolveEmphasis<T extends { kind: string }>(items: readonly Resolved<T>[]): Resolved<T>[] {
  const tokens: Resolved<T>[] = items.map((item) => (isRun(item) ? { ...item } : item));
  for (let index = 0; index < tokens.length; index++) {
    const closer = tokens[index]!;
    if (!isRun(closer) || !closer.canClose) continue;
    for (let open = index - 1; open >= 0; open--) {
      const opener = tokens[open]!;
      if (!isRun(opener) || !opener.canOpen || opener.marker !== closer.marker) continue;
      const openLength = opener.end - opener.start;
      const closeLength = closer.end - closer.start;
      if ((opener.canClose || closer.canOpen) && closeLength % 3 !== 0 && (openLength + closeLength) % 3 === 0) continue;
      const use = openLength > 1 && closeLength > 1 ? 2 : 1;
      // What lies between is resolved again, on its own, as micromark does: runs there that
      // could not pair before may now (the rule of three looks at what is left of them).
      const group: Group<T> = { kind: use > 1 ? 'strong' : 'emphasis', start: opener.end - use, end: closer.start + use, children: resolveEmphasis(tokens.slice(open + 1, index)) };
      opener.end -= use;
      closer.start += use;
      const replacement: Resolved<T>[] = [];
      if (opener.end > opener.start) replacement.push(opener);
      replacement.push(group);
      const closerLeft = closer.end > closer.start;
      if (closerLeft) replacement.push(closer);
      tokens.splice(open, index - open + 1, ...replacement);
      // What is left of the closer may close again; else go on after the group.
      index = open + replacement.length - (closerLeft ? 2 : 1);
      break;
    }
  }
  return tokens;
}

function isRun<T extends { kind: string }>(token: Resolved<T>): token is Run {
  return token.kind === 'run';
}
