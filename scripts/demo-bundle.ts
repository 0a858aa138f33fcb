/**
 * Makes the demo's workflow bundle (examples/demo-hospital/bundle/uhcd-coding.rpa.json): the coding routine done once
 * on the demo hospital at display scale 1 in a 1280×800 window, an anchor cut from the screen before each step, as
 * the recorder would, then edited by an author: the typed IPP became {{patient_ipp}}, the record is read into
 * `dossier`, a T2A step decides, and the form is filled from the decision. Run: pnpm demo:bundle
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BrowserDriver } from '@rpa-vision/agent'
import { BUNDLE_FORMAT, type Rect, type WorkflowBundle } from '@rpa-vision/contracts'
import { codingPath, DEMO_PATIENT_IPP, findPatient, openButtonTarget, RECORD_VIEWPORT, recordPath, startDemoHospital } from '@rpa-vision/demo-hospital'
import sharp from 'sharp'
import { elementAnchorBox, fieldAnchorBox } from './lib/demo/anchor-box.js'

export const BUNDLE_FILE = fileURLToPath(new URL('../examples/demo-hospital/bundle/uhcd-coding.rpa.json', import.meta.url))

type BundleNode = WorkflowBundle['workflow']['nodes'][number]
type BundleAnchor = NonNullable<BundleNode['anchor']>

async function boxOf(driver: BrowserDriver, selector: string): Promise<Rect> {
  const box = await driver.page.locator(selector).boundingBox()
  if (!box) throw new Error(`${selector} is not on the page`)
  return { x: box.x, y: box.y, width: box.width, height: box.height }
}

/** The box of the field's <label>, in CSS px (run in the page: plain JavaScript, no DOM types here). */
async function labelBoxOf(driver: BrowserDriver, target: string): Promise<{ box: Rect; text: string } | null> {
  return driver.page.evaluate(`(() => {
    const label = document.querySelector('[data-target="${target}"]')?.labels?.[0]
    if (!label) return null
    const r = label.getBoundingClientRect()
    return { box: { x: r.x, y: r.y, width: r.width, height: r.height }, text: label.innerText }
  })()`)
}

async function textOf(driver: BrowserDriver, selector: string): Promise<string> {
  return (await driver.page.locator(selector).innerText()).replace(/\s+/g, ' ').trim()
}

export async function makeDemoBundle(): Promise<WorkflowBundle> {
  const app = await startDemoHospital()
  const { width, height, deviceScaleFactor } = RECORD_VIEWPORT
  const driver = await BrowserDriver.launch({ url: `${app.url}/`, viewport: { width, height }, deviceScaleFactor })
  const screen = { width: width * deviceScaleFactor, height: height * deviceScaleFactor, scale: deviceScaleFactor }
  try {
    const patient = findPatient(DEMO_PATIENT_IPP)!
    let shot = await driver.screenshot()
    const cut = async (box: Rect, target_text: string | null): Promise<BundleAnchor> => {
      const image = await sharp(shot).extract({ left: box.x, top: box.y, width: box.width, height: box.height }).png().toBuffer()
      return { image: image.toString('base64'), bbox: box, screen, target_text, screenshot: shot.toString('base64') }
    }
    const field = async (target: string) => {
      const label = await labelBoxOf(driver, target)
      const box = fieldAnchorBox(await boxOf(driver, `[data-target="${target}"]`), label?.box ?? null, screen)
      return cut(box, label ? label.text.replace(/\s+/g, ' ').trim() : null)
    }
    const element = async (target: string, withText = true) =>
      cut(elementAnchorBox(await boxOf(driver, `[data-target="${target}"]`), screen), withText ? await textOf(driver, `[data-target="${target}"]`) : null)
    const settle = async () => {
      await driver.page.waitForLoadState('load')
      shot = await driver.screenshot()
    }

    const nodes: BundleNode[] = []
    // the patient list: search the IPP
    nodes.push({ id: 'search_ipp', type: 'type_text', label: "Saisir l'IPP du patient", params: { text: '{{patient_ipp}}' }, anchor: await field('search-ipp') })
    await driver.page.locator('[data-target="search-ipp"]').fill(patient.ipp)
    nodes.push({ id: 'search', type: 'hotkey', label: 'Rechercher (Entrée)', params: { keys: ['enter'] } })
    await driver.page.keyboard.press('Enter')
    await settle()
    nodes.push({ id: 'open_patient', type: 'click_anchor', label: 'Ouvrir le dossier', params: {}, anchor: await element(openButtonTarget(patient.ipp)) })
    await driver.page.locator(`[data-target="${openButtonTarget(patient.ipp)}"]`).click()
    await driver.page.waitForURL(`**${recordPath(patient.ipp)}`)
    await settle()
    // the record: read the observation, decide
    nodes.push({ id: 'record_open', type: 'wait_for_anchor', label: 'Attendre le dossier', params: { timeout_ms: 20_000 }, anchor: await element('observation-title') })
    // the text differs from patient to patient: the anchor is the section title, the area read is the block under
    // it, recorded in screen pixels and placed at replay time relative to where the title is found
    // (down to the bottom of the screen: a longer observation than this one's is read whole)
    const block = elementAnchorBox(await boxOf(driver, '[data-target="observation"]'), screen, 0)
    const observation = { ...block, height: screen.height - block.y }
    nodes.push({
      id: 'read_record', type: 'extract_text', label: "Lire l'observation (OCR)", params: { variable: 'dossier', region: observation },
      anchor: await element('observation-title'),
    })
    nodes.push({ id: 'decide', type: 't2a_decision', label: 'Décision T2A (UHCD)', params: { input: 'dossier', variable: 't2a' } })
    nodes.push({ id: 'open_coding', type: 'click_anchor', label: 'Ouvrir le codage PMSI', params: {}, anchor: await element('coding-button') })
    await driver.page.locator('[data-target="coding-button"]').click()
    await driver.page.waitForURL(`**${codingPath(patient.ipp)}`)
    await settle()
    // the coding form
    nodes.push({ id: 'type_decision', type: 'type_text', label: 'Saisir la décision', params: { text: '{{t2a.final_decision}}' }, anchor: await field('decision') })
    for (const i of [1, 2, 3]) {
      nodes.push({
        id: `type_criterion_${i}`, type: 'type_text', label: `Saisir la preuve du critère ${i}`,
        params: { text: `{{t2a.criteria.${i - 1}.evidence}}` }, anchor: await field(`criterion-${i}`),
      })
    }
    nodes.push({ id: 'validate', type: 'click_anchor', label: 'Valider', params: {}, anchor: await element('validate') })
    await driver.page.locator('[data-target="decision"]').fill('ghs')
    await driver.page.locator('[data-target="validate"]').click()
    await driver.page.locator('[data-target="saved"]').waitFor()
    await settle()
    nodes.push({ id: 'saved', type: 'wait_for_anchor', label: 'Attendre « Codage enregistré »', params: { timeout_ms: 20_000 }, anchor: await element('saved') })

    const edges = nodes.slice(1).map((n, i) => ({ from: nodes[i]!.id, to: n.id }))
    return {
      format: BUNDLE_FORMAT,
      format_version: 1,
      workflow: {
        name: 'Codage UHCD (démo)',
        description: `Recorded on the demo hospital at display scale ${deviceScaleFactor} in a ${width}×${height} window: search a patient by IPP ` +
          '({{patient_ipp}}), read the observation by OCR, ask for the T2A decision, type the decision and the evidence of each criterion ' +
          'into the PMSI coding form, validate.',
        nodes,
        edges,
      },
    }
  } finally {
    await driver.close()
    await app.close()
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bundle = await makeDemoBundle()
  await mkdir(dirname(BUNDLE_FILE), { recursive: true })
  await writeFile(BUNDLE_FILE, `${JSON.stringify(bundle, null, 1)}\n`)
  process.stdout.write(`wrote ${BUNDLE_FILE} (${bundle.workflow.nodes.length} steps)\n`)
}
