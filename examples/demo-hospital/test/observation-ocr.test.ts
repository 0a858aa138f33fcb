import t from 'tap'
import { decideByRules, type CriterionId } from '@rpa-vision/t2a'
import { characterErrorRate, OcrPool } from '@rpa-vision/vision'
import { DEMO_PATIENT_IPP, findPatient, FORFAIT_PATIENT_IPP, recordPath, RECORD_VIEWPORT, REPLAY_VIEWPORT } from '../src/index.js'
import { startApp } from './helpers/app.js'
import { pageAt } from './helpers/chromium.js'

// What the replay does with the record page: screenshot, OCR of the observation block (tesseract, as the vision
// worker runs it), then a T2A decision on the text read. Both demo patients must keep their decision at both sizes.

/** A quotation of the OCR text may span a line break where the rendered line wrapped. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ')

const pool = new OcrPool({ workers: 1 })
t.teardown(() => pool.close())

for (const [name, viewport] of [['1280×800 @1', RECORD_VIEWPORT], ['1200×760 @1.25', REPLAY_VIEWPORT]] as const) {
  t.test(`${name}: the observation read by OCR gives the same decision and quotations`, async (t) => {
    const app = await startApp(t)
    const page = await pageAt(t, viewport)
    for (const ipp of [DEMO_PATIENT_IPP, FORFAIT_PATIENT_IPP]) {
      const patient = findPatient(ipp)!
      await page.goto(app.url + recordPath(ipp))
      const box = (await page.locator('[data-target=observation]').boundingBox())!
      const s = viewport.deviceScaleFactor
      const region = { x: Math.round(box.x * s), y: Math.round(box.y * s), width: Math.round(box.width * s), height: Math.round(box.height * s) }
      const read = await pool.recognize(await page.screenshot(), { region })
      const cer = characterErrorRate(patient.observation, read.text)
      t.ok(cer < 0.02, `${ipp}: character error rate ${(cer * 100).toFixed(2)} %`)
      const { decision } = decideByRules(read.text)
      t.equal(decision.final_decision, patient.expectedDecision, `${ipp}: ${patient.expectedDecision} on the text read`)
      for (const id of [1, 2, 3] as CriterionId[]) {
        const cited = decision.criteria.find((c) => c.id === id)!.citations
        t.ok(
          cited.some((c) => oneLine(c.text) === patient.expectedEvidence![id] && c.verification === 'exact'),
          `${ipp}: criterion ${id} still cites « ${patient.expectedEvidence![id]} »`,
        )
      }
    }
  })
}
