// "did you mean" for typos: the closest candidates by edit distance, close enough to be a slip.
import { distance } from 'fastest-levenshtein';

export function closestMatches(input: string, candidates: Iterable<string>, limit = 3): string[] {
  // Two edits at least: a swapped pair of letters (titel, soruce) is two edits to Levenshtein.
  const threshold = Math.min(Math.max(2, Math.floor(input.length / 3)), input.length - 1);
  return [...new Set(candidates)]
    .map((candidate) => ({ candidate, cost: distance(input, candidate) }))
    .filter(({ cost }) => cost <= threshold)
    .sort((a, b) => a.cost - b.cost || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

export function didYouMean(input: string, candidates: Iterable<string>): string {
  const matches = closestMatches(input, candidates);
  return matches.length > 0 ? `; did you mean ${matches.map((m) => `"${m}"`).join(' or ')}?` : '';
}
