import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { launchChromium, openPage } from './browser.js'
import { codingPath, listPath, recordPath } from './paths.js'
import { DEMO_PATIENT_IPP, FORFAIT_PATIENT_IPP, findPatient } from './patients.js'
import { startDemoHospital } from './server.js'
import { RECORD_VIEWPORT, REPLAY_VIEWPORT } from './viewports.js'

/**
 * Screenshots of every page at the recording and the replay sizes, for a person to look at:
 * `pnpm --filter @rpa-vision/demo-hospital screenshots [OUT_DIR]` (default ./screenshots).
 */

const out = resolve(process.argv[2] ?? 'screenshots')
await mkdir(out, { recursive: true })
const app = await startDemoHospital()
const browser = await launchChromium()
const ipp = DEMO_PATIENT_IPP
const evidence = findPatient(ipp)!.expectedEvidence!
try {
  for (const [name, viewport] of [['record', RECORD_VIEWPORT], ['replay', REPLAY_VIEWPORT]] as const) {
    const page = await openPage(browser, viewport)
    const shoot = async (label: string) => {
      const file = join(out, `${label}-${name}.png`)
      await writeFile(file, await page.screenshot())
      process.stdout.write(`${file}\n`)
    }
    await page.goto(app.url + listPath())
    await shoot('1-list')
    await page.goto(app.url + listPath(ipp))
    await shoot('2-search')
    await page.goto(app.url + listPath('9999999'))
    await shoot('2b-search-unknown')
    await page.goto(app.url + recordPath(ipp))
    await shoot('3-record')
    await page.goto(app.url + recordPath(FORFAIT_PATIENT_IPP))
    await shoot('3b-record-forfait')
    await page.goto(app.url + codingPath(ipp))
    await shoot('4-coding')
    await page.fill('[data-target=decision]', 'peut-être')
    await Promise.all([page.waitForURL('**/coding'), page.click('[data-target=validate]')])
    await shoot('4b-coding-error')
    await page.fill('[data-target=decision]', 'ghs')
    for (const i of [1, 2, 3] as const) await page.fill(`[data-target=criterion-${i}]`, `« ${evidence[i]} »`)
    await Promise.all([page.waitForURL('**/codings/*'), page.click('[data-target=validate]')])
    await shoot('5-saved')
    await page.context().close()
  }
} finally {
  await browser.close()
  await app.close()
}
