/**
 * "Did you mean …?" suggestions: the candidate nearest to a misspelled name by Levenshtein
 * distance, ignoring case and underscores, within 50% typos — the behaviour of go.starlark.net's
 * internal spell checker, which the resolver, attribute errors and argument errors all use.
 */
export function nearest(x: string, candidates: readonly string[]): string | undefined {
  const fx = fold(x);
  let best: string | undefined;
  let bestD = Math.floor((fx.length + 1) / 2);
  for (const c of candidates) {
    const d = levenshtein(fx, fold(c), bestD);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function fold(s: string): string {
  return s.replaceAll('_', '').toLowerCase();
}

/** Edit distance; may stop early with some value > max once the distance must exceed max. */
function levenshtein(x: string, y: string, max: number): number {
  if (x.length > y.length) [x, y] = [y, x];
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  x = x.slice(i);
  y = y.slice(i);
  if (x === '') return y.length;
  if (y.length - x.length > max) return y.length - x.length;
  const row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let a = 1; a <= x.length; a++) {
    row[0] = a;
    let best = a;
    let prev = a - 1;
    for (let b = 1; b <= y.length; b++) {
      const k = Math.min(prev + (x[a - 1] === y[b - 1] ? 0 : 1), 1 + row[b - 1]!, 1 + row[b]!);
      prev = row[b]!;
      row[b] = k;
      best = Math.min(best, k);
    }
    if (best > max) return best;
  }
  return row[y.length]!;
}
