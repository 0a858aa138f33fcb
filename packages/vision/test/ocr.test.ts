import t from 'tap'
import { centre } from '../src/image.js'
import { OcrPool, characterErrorRate, editDistance, findText } from '../src/ocr/index.js'
import type { OcrWord, Rect } from '../src/types.js'
import { clinicalScreen } from './helpers/clinical-text.js'
import { type RenderedWord, type TextLine, lineBox, readInside, renderLines, wordBoxes } from './helpers/rendered-text.js'

const pool = new OcrPool({ workers: 2 })
t.teardown(() => pool.close())

// a form: labels and values on the same rows, 12–14 px, then a sentence and a button
const form: TextLine[] = [
  { text: "Date d'entrée", x: 20, y: 40, size: 13, fill: '#57606a' },
  { text: '12/03/2024', x: 260, y: 40, size: 13 },
  { text: 'Unité médicale', x: 20, y: 76, size: 13, fill: '#57606a' },
  { text: 'Urgences adultes', x: 260, y: 76, size: 13 },
  { text: 'Prénom', x: 20, y: 112, size: 14, fill: '#57606a' },
  { text: 'Hélène', x: 260, y: 112, size: 14 },
  { text: 'Nom de naissance', x: 20, y: 148, size: 12, fill: '#57606a' },
  { text: 'Lefèvre', x: 260, y: 148, size: 12 },
  { text: "Hospitalisation de courte durée décidée à l'arrivée.", x: 20, y: 190, size: 12 },
  { text: 'Valider', x: 34, y: 241, size: 13, bold: true, fill: '#ffffff', background: { rect: { x: 20, y: 220, width: 90, height: 32 }, fill: '#1f6feb' } },
]
const formText = ["Date d'entrée 12/03/2024", 'Unité médicale Urgences adultes', 'Prénom Hélène', 'Nom de naissance Lefèvre', "Hospitalisation de courte durée décidée à l'arrivée.", 'Valider'].join('\n')
const formPng = await renderLines(640, 280, form)
const formWords = (await Promise.all(form.map((l) => wordBoxes(l)))).flat()

/** Largest distance between corresponding edges of two boxes. */
function edgeError(a: Rect, b: Rect): number {
  return Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y), Math.abs(a.x + a.width - b.x - b.width), Math.abs(a.y + a.height - b.y - b.height))
}

/** For every rendered word, the box error of the OCR word read with the same text and nearest centre. */
function boxErrors(rendered: RenderedWord[], read: OcrWord[]): number[] {
  return rendered.map((r) => {
    const c = centre(r.bbox)
    const same = read.filter((w) => w.text === r.text)
    const nearest = same.sort((a, b) => Math.hypot(centre(a.bbox).x - c.x, centre(a.bbox).y - c.y) - Math.hypot(centre(b.bbox).x - c.x, centre(b.bbox).y - c.y))[0]
    return nearest ? edgeError(nearest.bbox, r.bbox) : Infinity
  })
}

t.test('reads rendered French form text, rows in reading order, boxes on the glyphs', async (t) => {
  const result = await pool.recognize(formPng)
  const cer = characterErrorRate(formText, result.text)
  t.comment(`form CER ${(cer * 100).toFixed(2)} %: ${JSON.stringify(result.text)}`)
  t.ok(cer <= 0.02, `character error rate ${cer} ≤ 2 %`)
  const errors = boxErrors(formWords, result.words)
  t.comment(`word box edge errors (px): ${errors.join(' ')}`)
  t.ok(errors.filter((e) => e <= 3).length >= 0.9 * errors.length, 'at least 90 % of the words are read with their box within 3 px')
  t.ok(result.words.every((w) => w.confidence >= 0 && w.confidence <= 1), 'confidences in 0..1')
})

t.test('a region is read alone and its boxes come back in the whole image’s pixels', async (t) => {
  const region = { x: 240, y: 20, width: 200, height: 140 }
  const result = await pool.recognize(formPng, { region })
  t.equal(characterErrorRate('12/03/2024\nUrgences adultes\nHélène\nLefèvre', result.text), 0, result.text)
  const values = formWords.filter((w) => w.bbox.x >= 240 && w.bbox.y < 160)
  const errors = boxErrors(values, result.words)
  t.comment(`region word box edge errors (px): ${errors.join(' ')}`)
  t.ok(Math.max(...errors) <= 3, 'every word box within 3 px of the rendered glyphs')
  t.ok(result.words.every((w) => w.bbox.x >= region.x && w.bbox.y >= region.y && w.bbox.x + w.bbox.width <= region.x + region.width))
})

t.test('a full 1920×1080 patient-record screen: character error rate, and finding text on it', async (t) => {
  const screen = clinicalScreen()
  const png = await renderLines(screen.width, screen.height, screen.lines)
  const truth = await Promise.all(screen.lines.map(async (line) => ({ line, words: await wordBoxes(line) })))
  const started = Date.now()
  const result = await pool.recognize(png)
  t.comment(`full screen read in ${Date.now() - started} ms, ${result.words.length} words`)
  // measured per rendered line (the words read inside its box), so that layout order does not count twice
  let errors = 0
  let length = 0
  for (const { line, words } of truth) {
    errors += editDistance(line.text, readInside(result.words, lineBox(words, 4)))
    length += line.text.length
  }
  t.comment(`full screen CER ${((errors / length) * 100).toFixed(2)} % over ${length} characters`)
  t.ok(errors / length <= 0.02, 'character error rate ≤ 2 % (measured 0.66 %)')

  const boxOf = (text: string) => {
    const found = truth.find((l) => l.line.text === text)
    if (!found) throw new Error(`no line ${text}`)
    return lineBox(found.words, 0)
  }
  const inside = (r: Rect, box: Rect) => Math.abs(centre(r).x - centre(box).x) <= 3 && Math.abs(centre(r).y - centre(box).y) <= 3
  const [name] = findText(result.words, 'nom de naissance')
  t.ok(name && inside(name.bbox, boxOf('Nom de naissance')), 'a multi-word label')
  const [button] = findText(result.words, 'Valider')
  t.ok(button && inside(button.bbox, boxOf('Valider')), 'white text on a blue button')
  const stays = findText(result.words, 'Hospitalisation de courte durée')
  t.ok(stays.length >= 3, 'the phrase is on screen three times')
  const sentence = boxOf('Hospitalisation de courte durée décidée par le médecin urgentiste à 15 h 10.')
  t.ok(stays[0].score === 1 && Math.abs(stays[0].bbox.x - sentence.x) <= 3 && Math.abs(stays[0].bbox.y - sentence.y) <= 3, 'the exact phrase first')
  const near = findText(result.words, 'Dr Amélie Rivière', { hint: centre(boxOf('Demandé')) })
  t.equal(near.length, 2, 'two rows name the same doctor')
  t.ok(near[0].bbox.y < near[1].bbox.y && (near[0].distance ?? Infinity) < (near[1].distance ?? 0), 'the row nearest the hint first')
})
