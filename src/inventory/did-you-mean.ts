// "did you mean" suggestions for misspelt keys.

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The closest candidate when it is plausibly a typo (case-insensitive, a few edits away). */
export function closestName(input: string, candidates: readonly string[]): string | null {
  const lower = input.toLowerCase();
  let best: { name: string; distance: number } | null = null;
  for (const name of candidates) {
    const distance = editDistance(lower, name.toLowerCase());
    if (best === null || distance < best.distance) best = { name, distance };
  }
  if (best === null) return null;
  // "advertInterval" for "advertInt": a longer spelling of a key is a typo too.
  const prefixed = candidates.find((name) => lower.startsWith(name.toLowerCase()));
  if (prefixed !== undefined && best.distance > 1) return prefixed;
  const tolerance = Math.max(1, Math.floor(Math.max(input.length, best.name.length) / 3));
  return best.distance <= tolerance ? best.name : null;
}
