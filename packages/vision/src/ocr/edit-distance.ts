/** Levenshtein distance (insert, delete, substitute: 1 each) over code points, two rows of memory. */
export function editDistance(a: string, b: string): number {
  const s = Array.from(a)
  const t = Array.from(b)
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j)
  let current = new Array<number>(t.length + 1)
  for (let i = 1; i <= s.length; i++) {
    current[0] = i
    for (let j = 1; j <= t.length; j++) {
      const substitution = previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1)
      current[j] = Math.min(substitution, previous[j] + 1, current[j - 1] + 1)
    }
    ;[previous, current] = [current, previous]
  }
  return previous[t.length]
}
