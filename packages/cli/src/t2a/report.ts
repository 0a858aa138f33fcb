import type { CriterionResult, T2aDecision, VerifiedCitation } from '@rpa-vision/contracts'
import { UHCD_CRITERIA } from '@rpa-vision/t2a'

/** What each flag asks of the reader. */
const FLAG_MEANINGS: Record<string, string> = {
  instruction_in_record: 'the record holds text addressed to the tool (an instruction); it was ignored and never counts as evidence',
  hidden_characters_in_record: 'the record held invisible control characters (zero-width, bidi); they were removed before reading',
  degraded_ocr: 'the text looks badly recognised (OCR); quotations may fail to verify, check the scan',
  reserve_hospitaliere_dim_check: 'a GHS on the réserve-hospitalière clause: the DIM confirms the product',
}

/** One line, whatever the quotation's own line breaks. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim()

function attemptsOf(d: T2aDecision): string {
  if (d.provider === 'rules') return 'no model (the rules heuristic)'
  return `model ${d.model ?? '-'}, ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`
}

function citationLines(c: VerifiedCitation, recordText: string): string[] {
  const where = c.start === null || c.end === null ? '-' : `${c.start}-${c.end}`
  const lines = [`    ${c.role.padEnd(8)}  ${c.verification.padEnd(11)}  ${where.padEnd(11)}  « ${oneLine(c.text)} »`]
  if (c.verification === 'approximate' && c.start !== null && c.end !== null) {
    lines.push(`${' '.repeat(40)}record: « ${oneLine(recordText.slice(c.start, c.end))} »`)
  }
  if (c.reason) lines.push(`${' '.repeat(40)}${c.verification === 'failed' ? 'failed' : 'note'}: ${c.reason}`)
  return lines
}

function citationsBlock(citations: VerifiedCitation[], recordText: string): string[] {
  if (!citations.length) return ['    no citations']
  return [`    ${'ROLE'.padEnd(8)}  ${'CHECK'.padEnd(11)}  ${'OFFSETS'.padEnd(11)}  QUOTATION`, ...citations.flatMap((c) => citationLines(c, recordText))]
}

function criterionBlock(c: CriterionResult, recordText: string): string[] {
  const claim = c.model_status === c.status ? '' : ` (claimed ${c.model_status}, not established by a verified quotation)`
  return [
    `criterion ${c.id}: ${c.status}${claim}`,
    `  « ${UHCD_CRITERIA[c.id]} »`,
    `  reasoning: ${oneLine(c.reasoning) || '-'}`,
    ...citationsBlock(c.citations, recordText),
  ]
}

/** The decision for an operator: the verdict and why, then the evidence behind it, quotation by quotation. */
export function decisionReport(d: T2aDecision, recordText: string): string {
  const head = [`T2A decision ${d.id}`, `provider        ${d.provider}: ${attemptsOf(d)}`]
  if (d.status !== 'done') {
    return [...head, `status          ${d.status}`, `error           ${d.error ?? '-'}`].join('\n')
  }
  const flags = d.flags.length ? d.flags.map((f) => `  ${f}: ${FLAG_MEANINGS[f] ?? ''}`.trimEnd()) : ['  none']
  const reserve = d.reserve_hospitaliere
  return [
    ...head,
    `final decision  ${d.final_decision}`,
    `why             ${d.decision_reason}`,
    `model decision  ${d.model_decision} (the provider's own proposal, for information only)`,
    '',
    ...d.criteria.flatMap((c) => [...criterionBlock(c, recordText), '']),
    `réserve hospitalière: ${reserve?.status ?? '-'} (the provider's claim)`,
    ...citationsBlock(reserve?.citations ?? [], recordText),
    '',
    'flags:',
    ...flags,
  ].join('\n')
}
