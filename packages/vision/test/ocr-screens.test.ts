import t from 'tap'
import { closeScreens, renderScreen, variantsFor, type RenderedScreen } from '../../../test/helpers/screens.js'
import { centre } from '../src/image.js'
import { OcrPool, editDistance, findText } from '../src/ocr/index.js'
import type { OcrWord } from '../src/types.js'
import { readInside } from './helpers/rendered-text.js'

// OCR on pages rendered by Chromium (Liberation Sans UI, DejaVu Sans report), against the texts read from the DOM
const pool = new OcrPool({ workers: 2 })
t.teardown(async () => {
  await pool.close()
  await closeScreens()
})

/** Character error rate over every DOM text of the screen, each compared with the words read inside its element. */
function screenCer(screen: RenderedScreen, words: OcrWord[]): { cer: number; wrong: string[] } {
  let errors = 0
  let length = 0
  const wrong: string[] = []
  for (const [id, text] of Object.entries(screen.texts)) {
    const box = screen.targets[id]
    if (!box || id === 'document') continue
    const read = readInside(words, { x: box.x - 2, y: box.y - 2, width: box.width + 4, height: box.height + 4 })
    const e = editDistance(text, read)
    if (e > 0) wrong.push(`${text} → ${read}`)
    errors += e
    length += text.length
  }
  return { cer: errors / length, wrong }
}

t.test('a stay report in 12–14 px DejaVu Sans', async (t) => {
  const screen = await renderScreen('stay-summary', variantsFor().scale100)
  const { cer, wrong } = screenCer(screen, (await pool.recognize(screen.png)).words)
  t.comment(`CER ${(cer * 100).toFixed(2)} %; ${wrong.join('; ')}`)
  t.ok(cer <= 0.01, 'character error rate ≤ 1 % (measured 0.06 %)')
})

t.test('an admission form at 100, 125 and 150 % display scaling: text read, labels found in their elements', async (t) => {
  const v = variantsFor()
  await Promise.all(
    (['scale100', 'scale125', 'scale150'] as const).map(async (name) => {
      const screen = await renderScreen('patient-form', v[name])
      const { words } = await pool.recognize(screen.png)
      const { cer, wrong } = screenCer(screen, words)
      t.comment(`${name}: CER ${(cer * 100).toFixed(2)} %; ${wrong.join('; ')}`)
      t.ok(cer <= 0.02, `${name}: character error rate ≤ 2 % (measured 0.28–0.87 %)`)
      for (const [target, id] of [
        ["Date d'entrée", 'label-date-entree'],
        ['unite medicale', 'label-unite'],
        ['Valider', 'btn-valider'],
      ]) {
        const [hit] = findText(words, target)
        const box = screen.targets[id]
        const c = hit && centre(hit.bbox)
        t.ok(c && box && c.x >= box.x && c.x < box.x + box.width && c.y >= box.y && c.y < box.y + box.height, `${name}: « ${target} » found inside ${id}`)
      }
    }),
  )
})
