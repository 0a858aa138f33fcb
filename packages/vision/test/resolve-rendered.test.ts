import t from 'tap'
import { ClassicalDetector, OcrPool, resolveAnchor, type Rect } from '@rpa-vision/vision'
import type { VisionResolveResult } from '@rpa-vision/contracts'
import { closeScreens, cropTarget, renderScreen, variantsFor, type ScreenPage, type Variant } from '../../../test/helpers/screens.js'

const ocr = new OcrPool({ workers: 1 })
const detector = new ClassicalDetector()
t.teardown(async () => {
  await ocr.close()
  await closeScreens()
})

const variants = variantsFor()
const inside = (r: VisionResolveResult, box: Rect) => r.found && r.x! >= box.x && r.x! < box.x + box.width && r.y! >= box.y && r.y! < box.y + box.height

/** Cut the anchor from the 100 % screen as a recorder would, then resolve it on a variant. */
async function resolveOn(page: ScreenPage, id: string, variant: Variant, text?: string) {
  const recorded = await renderScreen(page, variants.scale100)
  const bbox = recorded.targets[id]!
  const screen = await renderScreen(page, variant)
  const result = await resolveAnchor(
    {
      screenshot: screen.png,
      anchor: { image: await cropTarget(recorded, id), bbox, screen: { width: recorded.width, height: recorded.height, scale: 1 }, target_text: text, context: recorded.png },
    },
    { ocr, detector },
  )
  return { result, truth: screen.targets[id] }
}

/** Every variant: inside the element's box when it is on screen, not found when it is not — never elsewhere. */
async function expectFoundOrRefused(t: { ok: (v: unknown, m: string) => unknown; notOk: (v: unknown, m: string) => unknown }, page: ScreenPage, id: string, names: (keyof typeof variants)[], text?: string) {
  for (const name of names) {
    const { result, truth } = await resolveOn(page, id, variants[name], text)
    if (truth) t.ok(inside(result, truth), `${page}/${id} @ ${name}: found inside its box (${result.method}, ${result.score}; ${result.reason ?? ''})`)
    else t.notOk(result.found, `${page}/${id} @ ${name}: off screen, so not found`)
  }
}

t.test('a unique button is found at 100, 125 and 150 %, in a smaller window, in another theme; scrolled away it is refused', async (t) => {
  await expectFoundOrRefused(t, 'patient-form', 'btn-valider', ['scale100', 'scale125', 'scale150', 'small', 'scrolled', 'alt'], 'Valider')
  await expectFoundOrRefused(t, 'toolbar', 'tool-supprimer', ['scale100', 'scale125', 'scale150', 'small', 'alt'])
})

t.test("with the agent's display scaling as a hint, the scaled button is found at that scale", async (t) => {
  const recorded = await renderScreen('patient-form', variants.scale100)
  const screen = await renderScreen('patient-form', variants.scale150)
  const result = await resolveAnchor({
    screenshot: screen.png,
    screenScale: 1.5,
    anchor: { image: await cropTarget(recorded, 'btn-valider'), bbox: recorded.targets['btn-valider'], screen: { width: 1920, height: 1080, scale: 1 } },
  })
  t.ok(inside(result, screen.targets['btn-valider']!), 'inside the button')
  t.ok(Math.abs(result.scale! - 1.5) < 0.05, `at scale ${result.scale}`)
})

t.test('a label whose picture changed with the scaling is found by its text confirming the drifted match', async (t) => {
  const { result, truth } = await resolveOn('patient-form', 'label-unite', variants.scale125, 'Unité médicale')
  t.ok(inside(result, truth!), `inside (${result.reason})`)
  t.match(result.method, /text/)
})

t.test('identical buttons in every row: the recorded row is chosen, by the line around it or by its words', async (t) => {
  for (const name of ['scale100', 'scale125', 'small'] as const) {
    const { result, truth } = await resolveOn('patient-list', 'btn-ouvrir-3', variants[name], 'Ouvrir')
    t.ok(inside(result, truth!), `btn-ouvrir-3 @ ${name}: row 3, not a look-alike (${result.reason})`)
    t.ok(result.candidates.filter((c) => c.rejected_because?.startsWith('look-alike')).length >= 10, 'the other rows were seen and set aside')
  }
})

t.test('a hidden target is refused, never swapped for a look-alike or a nearby element', async (t) => {
  for (const [page, id, text, scale] of [
    ['patient-form', 'btn-valider', 'Valider', 1],
    ['patient-list', 'btn-coder-7', 'Coder', 1],
    ['patient-list', 'btn-coder-7', 'Coder', 1.25],
    ['toolbar', 'tool-modifier-2', undefined, 1.25],
  ] as const) {
    const { result, truth } = await resolveOn(page, id, { scale, hide: [id] }, text)
    t.equal(truth, undefined)
    t.notOk(result.found, `${page}/${id} hidden @ ${scale * 100} %: refused (${result.reason})`)
    t.ok(result.reason, 'with a reason')
  }
})

t.test('the evidence names every candidate the chain looked at', async (t) => {
  const { result } = await resolveOn('patient-list', 'btn-coder-7', variants.scale100, 'Coder')
  t.equal(result.method, 'template')
  t.ok(result.candidates.length >= 20, 'the 20 identical buttons are all listed')
  for (const c of result.candidates) t.match(c, { bbox: { x: Number, y: Number, width: Number, height: Number }, score: Number, method: String, x: Number, y: Number })
})
