import {
  characterErrorRate, ClassicalDetector, decodeGray, loadOpenCv, OcrPool, resolveAnchor, type GrayImage, type OcrWord, type Rect,
} from '@rpa-vision/vision'
import { matFromGray, maxLocation } from '../packages/vision/src/template/mats.js'
import { closeScreens, cropTarget, renderScreen, variantsFor, type ScreenPage, type VariantName } from '../test/helpers/screens.js'
import { percentile, round, type BenchResult } from './lib/measure.js'

/** Anchors cut from the 100 % screens: buttons, an icon, a field, a label, look-alike rows. */
const CASES: [ScreenPage, string, string?][] = [
  ['patient-form', 'btn-valider', 'Valider'],
  ['patient-form', 'btn-enregistrer', 'Enregistrer'],
  ['patient-form', 'field-prenom'],
  ['patient-form', 'label-unite', 'Unité médicale'],
  ['patient-list', 'btn-nouveau', 'Nouveau patient'],
  ['patient-list', 'btn-ouvrir-3', 'Ouvrir'],
  ['toolbar', 'tool-supprimer'],
  ['stay-summary', 'btn-signer', 'Signer le compte rendu'],
]
const REPEATS = 3

const inside = (x: number, y: number, b: Rect) => x >= b.x && x < b.x + b.width && y >= b.y && y < b.y + b.height

/** The reference: one full-resolution, single-scale TM_CCOEFF_NORMED search, best peak taken. */
async function plainMatch(screen: GrayImage, anchor: GrayImage): Promise<{ x: number; y: number; score: number }> {
  const { cv } = await loadOpenCv()
  const s = matFromGray(cv, screen)
  const a = matFromGray(cv, anchor)
  const res = new cv.Mat()
  try {
    cv.matchTemplate(s, a, res, cv.TM_CCOEFF_NORMED)
    const { maxVal, maxLoc } = maxLocation(cv, res)
    return { x: maxLoc.x + anchor.width / 2, y: maxLoc.y + anchor.height / 2, score: maxVal }
  } finally {
    s.delete()
    a.delete()
    res.delete()
  }
}

export default async function (): Promise<BenchResult> {
  await loadOpenCv()
  const ocr = new OcrPool({ workers: 1 })
  const detector = new ClassicalDetector()
  const out: BenchResult = {}
  try {
    const variants = variantsFor()
    const totals = { ours: { right: 0, wrong: 0, refused: 0 }, plain: { right: 0, wrong: 0 } }
    for (const [name, variant] of Object.entries(variants) as [VariantName, (typeof variants)[VariantName]][]) {
      const ours: number[] = []
      const hinted: number[] = []
      const plain: number[] = []
      for (const [page, id, text] of CASES) {
        const recorded = await renderScreen(page, variants.scale100)
        const screen = await renderScreen(page, variant)
        const truth = screen.targets[id]
        const anchorPng = await cropTarget(recorded, id)
        const [screenGray, anchorGray] = await Promise.all([decodeGray(screen.png), decodeGray(anchorPng)])
        for (let i = 0; i < REPEATS; i++) {
          let t0 = performance.now()
          const r = await resolveAnchor(
            {
              screenshot: screen.png,
              anchor: { image: anchorPng, bbox: recorded.targets[id], screen: { width: recorded.width, height: recorded.height, scale: 1 }, target_text: text, context: recorded.png },
            },
            { ocr, detector },
          )
          ours.push(performance.now() - t0)
          if (variant.scale !== 1) {
            t0 = performance.now()
            await resolveAnchor(
              {
                screenshot: screen.png,
                screenScale: variant.scale,
                anchor: { image: anchorPng, bbox: recorded.targets[id], screen: { width: recorded.width, height: recorded.height, scale: 1 }, target_text: text, context: recorded.png },
              },
              { ocr, detector },
            )
            hinted.push(performance.now() - t0)
          }
          t0 = performance.now()
          const p = await plainMatch(screenGray, anchorGray)
          plain.push(performance.now() - t0)
          if (i > 0) continue
          if (!r.found) totals.ours.refused += truth ? 1 : 0
          else if (truth && inside(r.x!, r.y!, truth)) totals.ours.right++
          else totals.ours.wrong++
          if (truth && inside(p.x, p.y, truth)) totals.plain.right++
          else totals.plain.wrong++
        }
      }
      out[`${name}: resolve p50 / p99 (ms)`] = `${round(percentile(ours, 50))} / ${round(percentile(ours, 99))}`
      if (hinted.length) out[`${name}: resolve with the agent's scale hint p50 / p99 (ms)`] = `${round(percentile(hinted, 50))} / ${round(percentile(hinted, 99))}`
      out[`${name}: plain matchTemplate p50 / p99 (ms)`] = `${round(percentile(plain, 50))} / ${round(percentile(plain, 99))}`
    }
    const cases = CASES.length * Object.keys(variants).length
    out['resolve: right / wrong / refused (of cases, targets on screen)'] = `${totals.ours.right} / ${totals.ours.wrong} / ${totals.ours.refused} (of ${cases})`
    out['plain matchTemplate: right / wrong (best peak always taken)'] = `${totals.plain.right} / ${totals.plain.wrong}`

    // OCR on rendered French text: the whole report screen (words scored inside each paragraph's box), each
    // paragraph read as a region, and the latency of a 400×300 region.
    const report = await renderScreen('stay-summary', variants.scale100)
    const paragraphs = ['text-motif', 'text-evolution', 'text-traitement', 'text-conclusion']
    const full: number[] = []
    let words: OcrWord[] = []
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now()
      words = (await ocr.recognize(report.png)).words
      full.push(performance.now() - t0)
    }
    const expected = paragraphs.map((k) => report.texts[k]!).join(' ')
    const read = paragraphs.map((k) => wordsIn(words, report.targets[k]!)).join(' ')
    out['OCR full screen (ms, 1 worker)'] = round(Math.min(...full))
    out['OCR full screen CER, 12–14 px paragraphs'] = `${round(characterErrorRate(expected, read) * 100)} %`
    const box = report.targets['text-evolution']!
    const region = { x: box.x, y: box.y, width: 400, height: 300 }
    const t0 = performance.now()
    await ocr.recognize(report.png, { region })
    out['OCR 400×300 region (ms)'] = round(performance.now() - t0)
    const perParagraph = await Promise.all(paragraphs.map(async (k) => (await ocr.recognize(report.png, { region: report.targets[k]! })).text))
    out['OCR CER, each paragraph read as a region'] = `${round(characterErrorRate(expected, perParagraph.join(' ')) * 100)} %`
    return out
  } finally {
    await ocr.close()
    await closeScreens()
  }
}

/** The words read inside a box (their centres), in reading order. */
function wordsIn(words: OcrWord[], b: Rect): string {
  return words
    .filter((w) => inside(w.bbox.x + w.bbox.width / 2, w.bbox.y + w.bbox.height / 2, b))
    .map((w) => w.text)
    .join(' ')
}
