// The paths where two output trees (hashTree of test/helpers/cli.ts) differ, marked
// '+' only in the first, '-' only in the second, '~' different bytes.
export function treeDiff(actual: ReadonlyMap<string, string>, expected: ReadonlyMap<string, string>): string[] {
  const paths = [...new Set([...actual.keys(), ...expected.keys()])].sort();
  return paths.flatMap((file) => {
    const a = actual.get(file);
    const b = expected.get(file);
    if (a === b) return [];
    return [`${a === undefined ? '-' : b === undefined ? '+' : '~'} ${file}`];
  });
}
