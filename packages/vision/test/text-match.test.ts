import t from 'tap'
import { findText, normalizeForMatch } from '../src/ocr/index.js'
import type { OcrWord } from '../src/types.js'

/** Words laid out like OCR output: `line` of text starting at (x, y), 8 px per character, 12 px high. */
function line(text: string, x: number, y: number): OcrWord[] {
  const words: OcrWord[] = []
  let left = x
  for (const word of text.split(' ')) {
    words.push({ text: word, bbox: { x: left, y, width: word.length * 8, height: 12 }, confidence: 0.9 })
    left += (word.length + 1) * 8
  }
  return words
}

t.test('normalisation folds accents, case, spacing and OCR confusions', async (t) => {
  t.equal(normalizeForMatch("Date d'entrée"), normalizeForMatch('DATE D’ENTREE'))
  t.equal(normalizeForMatch('Unité  médicale'), normalizeForMatch('unite medicale'))
  t.equal(normalizeForMatch('C0nsu1tation'), normalizeForMatch('Consultation'))
  t.equal(normalizeForMatch('|nfirmière'), normalizeForMatch('Infirmiere'))
  t.equal(normalizeForMatch('Prénorn'), normalizeForMatch('Prénom'))
  t.equal(normalizeForMatch('5ortie'), normalizeForMatch('Sortie'))
  t.equal(normalizeForMatch('Cœur'), normalizeForMatch('coeur'))
  t.equal(normalizeForMatch(' : '), '')
})

t.test('one word: tolerant of accents, case and OCR confusions', async (t) => {
  const words = [...line('Nom Prénorn Sexe', 10, 10), ...line('Date d’entree : 12/03/2024', 10, 40)]
  const [prenom] = findText(words, 'Prénom')
  t.equal(prenom.text, 'Prénorn')
  t.equal(prenom.score, 1)
  t.same(prenom.bbox, words[1].bbox)
  const [entree] = findText(words, "Date d'entrée")
  t.equal(entree.text, 'Date d’entree')
  t.same(entree.bbox, { x: 10, y: 40, width: 13 * 8, height: 12 }, 'the two words’ boxes merged')
})

t.test('multi-word targets match runs of consecutive words on one line', async (t) => {
  const words = [...line('Nom de naissance : LEFÈVRE', 10, 10), ...line('Hospitalisation de courte durée', 10, 40)]
  const [hit] = findText(words, 'Nom de naissance')
  t.equal(hit.text, 'Nom de naissance', 'the trailing colon is not part of the hit')
  t.same(hit.bbox, { x: 10, y: 10, width: 16 * 8, height: 12 })
  t.equal(findText(words, 'Hospitalisation de courte durée')[0].score, 1)
  t.equal(findText(words, 'hospitalisation de courte duree')[0].score, 1)
})

t.test('a run never spans two lines or a column gap', async (t) => {
  const twoLines = [...line('Nom de', 10, 10), ...line('naissance', 10, 40)]
  t.same(findText(twoLines, 'Nom de naissance'), [])
  const twoColumns = [...line('Nom de', 10, 10), ...line('naissance', 400, 10)]
  t.same(findText(twoColumns, 'Nom de naissance'), [])
})

t.test('no hit on a different word', async (t) => {
  t.same(findText(line('Valeur Validation Annuler Valid', 10, 10), 'Valider'), [])
  t.same(findText(line('Valider', 10, 10), 'Valeur'), [])
  const hits = findText(line('Validé Valider', 10, 10), 'Valider')
  t.same(
    hits.map((h) => [h.text, h.score.toFixed(3)]),
    [
      ['Valider', '1.000'],
      ['Validé', '0.857'],
    ],
    'a one-letter difference is a weaker hit, not a tie: the caller sees the margin',
  )
})

t.test('equal hits are sorted by distance to the hint, and carry it', async (t) => {
  const words = [...line('Valider', 100, 100), ...line('Valider', 100, 500), ...line('Valider', 900, 300), ...line('Va1ider', 120, 300)]
  const hits = findText(words, 'Valider', { hint: { x: 900, y: 320 } })
  t.equal(hits.length, 4)
  t.same(
    hits.map((h) => [h.bbox.x, h.bbox.y]),
    [
      [900, 300],
      [120, 300],
      [100, 500],
      [100, 100],
    ],
  )
  t.ok(hits.every((h) => h.score === 1))
  t.equal(Math.round(hits[0].distance ?? -1), Math.round(Math.hypot(928 - 900, 306 - 320)))
  t.equal(findText(words, 'Valider')[0].distance, undefined, 'no hint, no distance')
})

t.test('a better score wins over a nearer hint; near misses are scored below 1', async (t) => {
  const words = [...line('Validez', 100, 100), ...line('Valider', 800, 800)]
  const hits = findText(words, 'Valider', { hint: { x: 120, y: 105 } })
  t.same(
    hits.map((h) => h.text),
    ['Valider', 'Validez'],
  )
  t.ok(hits[1].score < 1 && hits[1].score >= 0.8)
  t.same(findText(words, 'Valider', { minScore: 0.95 }).length, 1)
})

t.test('empty or punctuation-only targets find nothing', async (t) => {
  t.same(findText(line('Nom : X', 0, 0), ' : '), [])
  t.same(findText([], 'Nom'), [])
})
