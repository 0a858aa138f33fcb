/** The billing decisions the coding form accepts, and how an operator (or a replay agent) may type them. */

export const CODING_DECISIONS = ['ghs', 'forfait_urgence', 'to_review'] as const
export type CodingDecision = (typeof CODING_DECISIONS)[number]

/** How each decision is shown on the confirmation page. */
export const DECISION_LABELS: Record<CodingDecision, string> = {
  ghs: 'GHS',
  forfait_urgence: 'Forfait urgence',
  to_review: 'À revoir',
}

/** The hint line under the field. */
export const DECISION_HINT = 'Valeurs acceptées : ghs, forfait_urgence, to_review (ou « GHS », « Forfait urgence », « À revoir »)'

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .trim()

const ACCEPTED = new Map<string, CodingDecision>(
  CODING_DECISIONS.flatMap((d) => [
    [fold(d), d],
    [fold(DECISION_LABELS[d]), d],
  ]),
)

/**
 * The decision typed in the field: a code (`ghs`, `forfait_urgence`, `to_review`) or its label (« GHS »,
 * « Forfait urgence », « À revoir »), case, accents, surrounding spaces and `_`/space differences ignored; else null.
 */
export function parseDecision(typed: string): CodingDecision | null {
  return ACCEPTED.get(fold(typed)) ?? null
}
