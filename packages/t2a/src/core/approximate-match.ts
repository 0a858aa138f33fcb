/** An occurrence of a pattern in a text: [start, end) in the text's units, with its Levenshtein distance. */
export interface ApproximateMatch {
  start: number
  end: number
  edits: number
}

/** One difference between a pattern and the text it was aligned with. */
export type Edit =
  | { kind: 'substitute'; at: number; patternChar: string; textChar: string }
  /** a pattern character missing from the text */
  | { kind: 'delete'; at: number; patternChar: string }
  /** a text character absent from the pattern, just before pattern position `at` */
  | { kind: 'insert'; at: number; textChar: string }

/** Text windows where the pattern may occur within `maxEdits`: split into maxEdits + 1 pieces, one occurs exactly. */
function candidateWindows(text: string, pattern: string, maxEdits: number): [number, number][] {
  const pieces = maxEdits + 1
  const pieceLength = Math.floor(pattern.length / pieces)
  if (pieceLength < 3) return [[0, text.length]]
  const windows: [number, number][] = []
  for (let p = 0; p < pieces; p++) {
    const offset = p * pieceLength
    const piece = pattern.slice(offset, p === pieces - 1 ? pattern.length : offset + pieceLength)
    for (let at = text.indexOf(piece); at >= 0; at = text.indexOf(piece, at + 1)) {
      windows.push([Math.max(0, at - offset - maxEdits), Math.min(text.length, at - offset + pattern.length + maxEdits)])
    }
  }
  windows.sort((a, b) => a[0] - b[0])
  const merged: [number, number][] = []
  for (const w of windows) {
    const last = merged[merged.length - 1]
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1])
    else merged.push(w)
  }
  return merged
}

/**
 * Sellers' approximate substring search over text[from, to): a column of edit distances per text position, with a
 * free start anywhere in the text; each cell carries the start of its best path so every end found knows its start.
 */
function searchWindow(text: string, pattern: Uint16Array, from: number, to: number, maxEdits: number, found: ApproximateMatch[]): void {
  const m = pattern.length
  let prevCost = new Int32Array(m + 1)
  let prevStart = new Int32Array(m + 1)
  let cost = new Int32Array(m + 1)
  let start = new Int32Array(m + 1)
  for (let i = 0; i <= m; i++) {
    prevCost[i] = i
    prevStart[i] = from
  }
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j)
    cost[0] = 0
    start[0] = j + 1
    for (let i = 1; i <= m; i++) {
      let best = prevCost[i - 1]! + (pattern[i - 1] === c ? 0 : 1)
      let bestStart = prevStart[i - 1]!
      const skipText = prevCost[i]! + 1
      if (skipText < best) {
        best = skipText
        bestStart = prevStart[i]!
      }
      const skipPattern = cost[i - 1]! + 1
      if (skipPattern < best) {
        best = skipPattern
        bestStart = start[i - 1]!
      }
      cost[i] = best
      start[i] = bestStart
    }
    if (cost[m]! <= maxEdits) found.push({ start: start[m]!, end: j + 1, edits: cost[m]! })
    ;[prevCost, cost] = [cost, prevCost]
    ;[prevStart, start] = [start, prevStart]
  }
}

/**
 * The occurrences of `pattern` in `text` within `maxEdits` edits, best first (fewest edits, then earliest), none
 * overlapping another already kept; at most `limit`. Exact pieces of the pattern locate the windows worth searching,
 * so a 20,000-character text costs little more than a few indexOf calls.
 */
export function findApproximate(text: string, pattern: string, maxEdits: number, limit = 8): ApproximateMatch[] {
  if (pattern.length === 0 || pattern.length <= maxEdits) return []
  const codes = new Uint16Array(pattern.length)
  for (let i = 0; i < pattern.length; i++) codes[i] = pattern.charCodeAt(i)
  const found: ApproximateMatch[] = []
  for (const [from, to] of candidateWindows(text, pattern, maxEdits)) searchWindow(text, codes, from, to, maxEdits, found)
  found.sort((a, b) => a.edits - b.edits || a.start - b.start || a.end - b.end)
  const kept: ApproximateMatch[] = []
  for (const match of found) {
    if (kept.some((k) => match.start < k.end && k.start < match.end)) continue
    kept.push(match)
    if (kept.length === limit) break
  }
  return kept
}

/** The edits turning `pattern` into `text` (a global alignment, matches preferred on ties), in pattern order. */
export function alignEdits(pattern: string, text: string): Edit[] {
  const m = pattern.length
  const n = text.length
  const width = n + 1
  const d = new Int32Array((m + 1) * width)
  for (let i = 0; i <= m; i++) d[i * width] = i
  for (let j = 0; j <= n; j++) d[j] = j
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const diagonal = d[(i - 1) * width + j - 1]! + (pattern[i - 1] === text[j - 1] ? 0 : 1)
      d[i * width + j] = Math.min(diagonal, d[(i - 1) * width + j]! + 1, d[i * width + j - 1]! + 1)
    }
  }
  const edits: Edit[] = []
  let i = m
  let j = n
  while (i > 0 || j > 0) {
    const here = d[i * width + j]!
    if (i > 0 && j > 0 && here === d[(i - 1) * width + j - 1]! + (pattern[i - 1] === text[j - 1] ? 0 : 1)) {
      if (pattern[i - 1] !== text[j - 1]) edits.push({ kind: 'substitute', at: i - 1, patternChar: pattern[i - 1]!, textChar: text[j - 1]! })
      i--
      j--
    } else if (i > 0 && here === d[(i - 1) * width + j]! + 1) {
      edits.push({ kind: 'delete', at: i - 1, patternChar: pattern[i - 1]! })
      i--
    } else {
      edits.push({ kind: 'insert', at: i, textChar: text[j - 1]! })
      j--
    }
  }
  return edits.reverse()
}
