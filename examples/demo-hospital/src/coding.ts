import { parseDecision, type CodingDecision } from './decision.js'

/** A coding stored by the form, as GET /api/codings returns it. */
export interface Coding {
  ipp: string
  decision: CodingDecision
  /** the evidence typed for criteria 1, 2 and 3, line breaks as LF */
  criteria: [string, string, string]
  /** ISO 8601, when the server stored it */
  saved_at: string
}

/** Longest evidence text accepted per criterion, in characters (UTF-16 units, line breaks counted once). */
export const MAX_CRITERION_CHARS = 4000

/** The form's fields as submitted (absent fields are empty strings). */
export interface CodingForm {
  decision: string
  criteria: [string, string, string]
}

export type CodingCheck = { ok: true; decision: CodingDecision; criteria: [string, string, string] } | { ok: false; error: string }

const lf = (s: string) => s.replace(/\r\n?/g, '\n')

/** Checks a submitted form: decision required and accepted, each criterion at most MAX_CRITERION_CHARS. */
export function checkCodingForm(form: CodingForm): CodingCheck {
  if (!form.decision.trim()) return { ok: false, error: 'La décision de facturation est obligatoire.' }
  const decision = parseDecision(form.decision)
  if (!decision) return { ok: false, error: 'Décision de facturation inconnue : utilisez ghs, forfait_urgence ou to_review.' }
  const criteria = form.criteria.map(lf) as [string, string, string]
  const tooLong = criteria.findIndex((c) => c.length > MAX_CRITERION_CHARS)
  if (tooLong >= 0) {
    return { ok: false, error: `Le critère ${tooLong + 1} dépasse ${MAX_CRITERION_CHARS} caractères (${criteria[tooLong]!.length}).` }
  }
  return { ok: true, decision, criteria }
}
