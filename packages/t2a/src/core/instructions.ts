import { normalizeText, toOriginalRange, type NormalizedText } from './normalize.js'
import { sentenceEnd, sentenceStart } from './sentences.js'

/** A passage of the record that reads as an instruction to the tool rather than a clinical fact. */
export interface InstructionSpan {
  /** offsets in the original record text */
  start: number
  end: number
  /** the phrase that gave it away, normalised */
  trigger: string
}

const TOOL = "(?:l'|le |la |les )?(?:outil|ia|i\\.a\\.|intelligence artificielle|modele|model|assistant|algorithme|robot|llm|gpt|chatgpt|logiciel|systeme)"
const RULES = '(?:regles|instructions?|consignes|criteres|directives|rules|prompts?)'
const BILLING = '(?:ghs|forfait|atu|a revoir|a_revoir|forfait_urgences?)'

/** Phrases matched on the normalised record (no accents, lower case, ' for every quote), French and English. */
const TRIGGERS: RegExp[] = [
  new RegExp(`\\b(?:note|message|consigne|instruction|remarque)s? (?:pour|a|au|aux|a l'attention de|destinee?s? a) ${TOOL}\\b`, 'g'),
  new RegExp(`\\b(?:a l'attention|a l'intention) (?:de|du|des) ${TOOL}\\b`, 'g'),
  new RegExp(`\\b(?:ignor|oubli|neglig)(?:e|er|ez|es|ons) (?:toutes? )?(?:les |tes |vos |ces |ses |des )?(?:\\w+ )?${RULES}\\b`, 'g'),
  new RegExp(`\\bne (?:tiens?|tenez|pas tenir) (?:pas |plus )?compte (?:des?|du|de la|de l') ?(?:\\w+ )?${RULES}\\b`, 'g'),
  new RegExp(`\\b(?:ignore|disregard|forget|override) (?:all |any |the |your |these )*(?:previous |prior |above |earlier |system )?${RULES}\\b`, 'g'),
  new RegExp(
    `\\b(?:classe|classer|classez|classes|code|coder|codez|facture|facturer|facturez|cote|coter|cotez|decide|decider|decidez|mets|mettre|mettez|choisis|choisir|choisissez|reponds|repondre|repondez) (?:ce |le |la |cette )?(?:sejour |dossier |patient |patiente |cas )?(?:en|comme|par) ${BILLING}\\b`,
    'g',
  ),
  new RegExp(`\\b(?:classify|code|bill|mark|answer|output)(?: this| the)?(?: stay| record| case)? (?:as|with) ${BILLING}\\b`, 'g'),
  new RegExp(`\\b(?:decision|decision_modele|reponse|resultat|classement)(?: finale?| attendue?)? (?:doit etre|sera|est obligatoirement|=) ${BILLING}\\b`, 'g'),
  /\btu (?:dois|devras|es (?:un|une|maintenant|desormais))\b/g,
  /\byou (?:must|should|are (?:now )?(?:an?|the) (?:ai|assistant|model|language model))\b/g,
  /\b(?:system prompt|prompt (?:systeme|system)|(?:instructions?|message) (?:systeme|system)|nouvelles? (?:instructions|consignes|regles)|new instructions|jailbreak)\b/g,
  /\b(?:decision_modele|preuve_critere\d?|reserve_hospitaliere|admission_uhcd|hospitalisation_mco_apres)\b/g,
  /<\|im_(?:start|end)\|>|\[\/?inst\]|<\/?(?:system|instructions?)>|#{2,} ?(?:instructions?|system)\b/g,
]

/** How far a span may reach around its trigger. */
const REACH_BEFORE = 300
const REACH_AFTER = 400

function lineEnd(text: string, position: number, reach: number): number {
  const ceiling = Math.min(text.length, position + reach)
  let end = position
  while (end < ceiling && text[end] !== '\n' && text[end] !== '\r') end++
  return end
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1]!)) end--
  return end
}

/**
 * The instruction-like passages of a record, with their offsets in the original text. A span runs from the start of
 * its trigger's sentence to the end of that sentence or of the trigger's line, whichever is further (within a few
 * hundred characters): an instruction seldom stops at its first full stop, and nothing that shares a line with one is
 * trusted as evidence. Overlapping spans are merged.
 */
export function findInstructionSpans(original: string, normalized: NormalizedText = normalizeText(original)): InstructionSpan[] {
  const spans: InstructionSpan[] = []
  for (const pattern of TRIGGERS) {
    pattern.lastIndex = 0
    for (const m of normalized.text.matchAll(pattern)) {
      const trigger = toOriginalRange(normalized, m.index, m.index + m[0].length)
      const start = sentenceStart(original, trigger.start, REACH_BEFORE)
      const end = Math.max(sentenceEnd(original, trigger.end, REACH_AFTER), lineEnd(original, trigger.end, REACH_AFTER))
      spans.push({ start, end: trimEnd(original, trigger.end, end), trigger: m[0] })
    }
  }
  spans.sort((a, b) => a.start - b.start)
  const merged: InstructionSpan[] = []
  for (const span of spans) {
    const last = merged[merged.length - 1]
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end)
    else merged.push({ ...span })
  }
  return merged
}

export function overlapsAny(start: number, end: number, spans: readonly InstructionSpan[]): InstructionSpan | undefined {
  return spans.find((s) => start < s.end && s.start < end)
}
