import t from 'tap'
import { decideByRules } from '@rpa-vision/t2a'
import {
  codingPath,
  DEMO_PATIENT_IPP,
  findPatient,
  FIT_BOX,
  FORFAIT_PATIENT_IPP,
  listPath,
  recordPath,
  RECORD_VIEWPORT,
  REPLAY_VIEWPORT,
  workflowTargets,
  type DemoViewport,
} from '../src/index.js'
import { startApp } from './helpers/app.js'
import { pageAt } from './helpers/chromium.js'
import { measure, observationLines, type Box } from './helpers/in-page.js'

const inside = (b: Box, vp: DemoViewport) =>
  b.x >= 0 && b.y >= 0 && b.x + b.width <= Math.min(vp.width, FIT_BOX.width) && b.y + b.height <= Math.min(vp.height, FIT_BOX.height)

const ipp = DEMO_PATIENT_IPP
const demo = findPatient(ipp)!
const seen: Record<string, Record<string, Box>> = {}

for (const [name, viewport] of [['recording 1280×800 @1', RECORD_VIEWPORT], ['replay 1200×760 @1.25', REPLAY_VIEWPORT]] as const) {
  t.test(`${name}: every target the workflow needs is inside the first 1200×700 px, without scrolling`, async (t) => {
    const app = await startApp(t)
    const page = await pageAt(t, viewport)
    const foreign: string[] = []
    page.on('request', (req) => {
      if (!req.url().startsWith(app.url) && !req.url().startsWith('data:')) foreign.push(req.url())
    })
    const found: Record<string, Box> = {}
    const check = async (what: string) => {
      const m = await measure(page)
      t.same(m.scroll.x === 0 && m.scroll.y === 0, true, `${what}: not scrolled`)
      t.ok(m.scroll.width <= viewport.width, `${what}: no horizontal scrolling (${m.scroll.width} px wide)`)
      t.same(m.small, [], `${what}: no text under 15 px`)
      t.ok(m.fonts, `${what}: Liberation Sans is installed`)
      t.match(m.family, /^"?Liberation Sans"?, "?DejaVu Sans"?/)
      Object.assign(found, m.boxes)
      return m
    }
    await page.goto(app.url + listPath())
    await check('list')
    await page.fill('[data-target=search-ipp]', ipp)
    await Promise.all([page.waitForURL(`**/?ipp=${ipp}`), page.press('[data-target=search-ipp]', 'Enter')])
    const searched = await check('list after a search (Enter)')
    t.ok(searched.boxes[`open-${ipp}`], 'the patient found')
    await page.click(`[data-target=open-${ipp}]`)
    await page.waitForURL(`**${recordPath(ipp)}`)
    await check('record')
    t.equal(decideByRules(await observationLines(page)).decision.final_decision, 'ghs', 'the observation as rendered lines still gives GHS')
    await page.click('[data-target=coding-button]')
    await page.waitForURL(`**${codingPath(ipp)}`)
    await check('coding form')
    await page.fill('[data-target=decision]', 'inconnu')
    await page.click('[data-target=validate]')
    await page.locator('[data-target=error]').waitFor()
    const refused = await check('coding form with an error')
    t.ok(refused.boxes.error && inside(refused.boxes.error, viewport), 'the error message is in view')
    const validate = refused.boxes.validate
    t.ok(validate && inside(validate, viewport), `so is Valider (bottom at ${validate && validate.y + validate.height} px)`)
    await page.fill('[data-target=decision]', 'GHS')
    for (const i of [1, 2, 3] as const) await page.fill(`[data-target=criterion-${i}]`, `« ${demo.expectedEvidence![i]} »`)
    await Promise.all([page.waitForURL('**/codings/*'), page.click('[data-target=validate]')])
    await check('confirmation')
    t.equal(app.codings().length, 1, 'stored through the browser')

    for (const target of workflowTargets(ipp)) {
      const box = found[target]
      t.ok(box && inside(box, viewport), `${target} fully inside (${box ? `${box.x},${box.y} ${box.width}×${box.height}` : 'missing'})`)
    }
    const observation = found.observation!
    t.ok(observation.width >= 600 && observation.width <= 700, `observation block ${observation.width} px wide`)

    await page.goto(app.url + recordPath(FORFAIT_PATIENT_IPP))
    t.equal(decideByRules(await observationLines(page)).decision.final_decision, 'forfait_urgence', 'the second patient as rendered lines')
    t.same(foreign, [], 'no request leaves the app')
    seen[name] = found
  })
}

t.test('the layout reflows: positions differ between the two window widths', async (t) => {
  const [a, b] = Object.values(seen)
  t.ok(a && b, 'both sizes measured')
  for (const target of ['search-button', 'coding-button', 'observation', 'validate']) {
    t.not(a![target]!.x, b![target]!.x, `${target} moved`)
  }
})
