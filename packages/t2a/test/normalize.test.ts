import t from 'tap'
import { foldOcrConfusions, normalizeText, sanitizeRecordText, toOriginalRange } from '../src/core/index.js'

/** The original text behind the normalised units [from, to). */
function originalOf(original: string, from: number, to: number): string {
  const { start, end } = toOriginalRange(normalizeText(original), from, to)
  return original.slice(start, end)
}

t.test('sanitising strips zero-width and bidi controls, and says how many', async (t) => {
  const hidden = 'Sur\u200Bveil\u200Clance\u200D \u2060ré\uFEFFgulière \u202Eelbats\u202C \u2066isolé\u2069 \u200E\u200F\u061C'
  const { text, removed } = sanitizeRecordText(hidden)
  t.equal(text, 'Surveillance régulière elbats isolé ')
  t.equal(removed, 12)
  t.same(sanitizeRecordText('Rien à retirer, « même » ici.'), { text: 'Rien à retirer, « même » ici.', removed: 0 })
})

t.test('normalising: accents, case, quotes, dashes, spaces, zero-width characters, ligatures', async (t) => {
  t.equal(normalizeText('État  STABLE').text, 'etat stable')
  t.equal(normalizeText('« l’IDE » “dit” ‘oui’ "non"').text, "' l'ide ' 'dit' 'oui' 'non'")
  t.equal(normalizeText('H+2 – H+4 — 10‐12').text, 'h+2 - h+4 - 10-12')
  t.equal(normalizeText('250\u202fmg\u00a0IV\t\n  en\r\nbolus ').text, '250 mg iv en bolus')
  t.equal(normalizeText('sur\u200Bveil\u2060lance').text, 'surveillance')
  t.equal(normalizeText('cœur, Œdème').text, 'coeur, oedeme')
  t.equal(normalizeText('  \n début').text, 'debut', 'no space at either end')
})

t.test('a word hyphenated across a line break is joined; other hyphens stay', async (t) => {
  t.equal(normalizeText('surveil-\nlance').text, 'surveillance')
  t.equal(normalizeText('surveil-  \r\n   lance').text, 'surveillance')
  t.equal(normalizeText('surveil\u00AD\nlance').text, 'surveillance', 'a soft hyphen at a line end')
  t.equal(normalizeText('anti-inflammatoire').text, 'anti-inflammatoire')
  t.equal(normalizeText('H+2 -\nretour').text, 'h+2 - retour', 'a dash after a space is not a hyphenation')
  t.equal(normalizeText('10-\n12').text, '10- 12', 'only letters are joined')
})

t.test('every normalised unit maps back to its original characters', async (t) => {
  const original = 'Décision :\u00a0surveil-\nlance   rapprochée'
  const n = normalizeText(original)
  t.equal(n.text, 'decision : surveillance rapprochee')
  const at = n.text.indexOf('surveillance rapprochee')
  t.equal(originalOf(original, at, n.text.length), 'surveil-\nlance   rapprochée')
  t.equal(originalOf(original, 0, 8), 'Décision')
  t.equal(originalOf(original, 8, 11), ' :\u00a0', 'a collapsed run of spaces covers the whole run')
  const decomposed = 'he\u0301matome'
  t.equal(normalizeText(decomposed).text, 'hematome')
  t.equal(originalOf(decomposed, 0, 2), 'he\u0301', 'a combining accent goes with its letter')
  const astral = 'A 🚑 b'
  t.equal(originalOf(astral, 2, 4), '🚑', 'a surrogate pair maps as one character')
  t.equal(n.starts.length, n.text.length)
})

t.test('OCR folding: I/l/1 → l, O/0 → o, rn → m, with ranges kept', async (t) => {
  const original = 'SurveiI1ance 0rdonnance interne'
  const folded = foldOcrConfusions(normalizeText(original))
  t.equal(folded.text, 'survelllance ordonnance lnteme')
  t.equal(foldOcrConfusions(normalizeText('surveillance ordonnance interne')).text, folded.text)
  const m = folded.text.indexOf('m')
  const { start, end } = toOriginalRange(folded, m, m + 1)
  t.equal(original.slice(start, end), 'rn')
})
