/**
 * pnpm demo — the whole loop on a screen: starts what is not running (the services with `pnpm start`, the demo
 * hospital), imports the shipped bundle (recorded at display scale 1 in a 1280×800 window), replays it with the
 * reference agent in a Chromium window at display scale 1.25 and 1200×760, and prints a step-by-step report.
 *
 * usage: pnpm demo [--patient IPP] [--keep] [--json]
 *   --patient  the IPP to code (default the demo patient 0042017)
 *   --keep     leave the services and the demo hospital running at the end (Ctrl-C stops them)
 *   --json     print the report as JSON
 */
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { DEFAULT_CHROMIUM } from '@rpa-vision/agent'
import { DEMO_PATIENT_IPP, findPatient, REPLAY_VIEWPORT, RECORD_VIEWPORT, startDemoHospital } from '@rpa-vision/demo-hospital'
import { BUNDLE_FILE } from './demo-bundle.js'
import { formatReport } from './lib/demo/report.js'
import { codingFor, DEFAULT_STATE_DIR, loadBundle, runDemo } from './lib/demo/run-demo.js'
import { DemoSetupError, ensureSystem } from './lib/demo/system.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const say = (line: string) => process.stdout.write(`${line}\n`)

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { patient: { type: 'string' }, keep: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  })
  if (values.help) {
    say('usage: pnpm demo [--patient IPP] [--keep] [--json]')
    return 0
  }
  const ipp = values.patient ?? DEMO_PATIENT_IPP
  const patient = findPatient(ipp)
  const name = patient ? `${patient.lastName} ${patient.firstName}` : ''
  if (!patient) {
    process.stderr.write(`error USAGE: no patient with IPP ${ipp} in the demo hospital\n`)
    return 2
  }
  if (!existsSync(DEFAULT_CHROMIUM)) {
    process.stderr.write(`error NO_CHROMIUM: the demo drives Debian's Chromium, not found at ${DEFAULT_CHROMIUM}: apt-get install chromium fonts-liberation fonts-dejavu-core\n`)
    return 1
  }
  const quiet = values.json ? () => {} : say
  let system
  try {
    system = await ensureSystem({ root: ROOT, env: process.env, say: quiet })
  } catch (err) {
    if (!(err instanceof DemoSetupError)) throw err
    process.stderr.write(`error DEMO_SETUP: ${err.message}\n`)
    return 1
  }
  const app = await startDemoHospital({ port: Number(process.env.DEMO_PORT ?? 8090) })
  const outDir = join(ROOT, '.rpa-vision')
  await mkdir(outDir, { recursive: true })
  const stop = async () => {
    await app.close()
    await system.stop()
  }
  const abort = new AbortController()
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => abort.abort(new Error(sig)))
  try {
    const bundle = await loadBundle(BUNDLE_FILE)
    quiet(`demo hospital at ${app.url}; patient ${name} (IPP ${ipp})`)
    quiet(`workflow "${bundle.workflow.name}": ${bundle.workflow.nodes.length} steps, recorded at ${RECORD_VIEWPORT.width}×${RECORD_VIEWPORT.height} scale ${RECORD_VIEWPORT.deviceScaleFactor}; ` +
      `replayed at ${REPLAY_VIEWPORT.width}×${REPLAY_VIEWPORT.height} scale ${REPLAY_VIEWPORT.deviceScaleFactor}`)
    quiet('')
    const started = Date.now()
    const run = await runDemo({
      baseUrl: system.baseUrl, token: system.token, appUrl: app.url, bundle, patientIpp: ipp, stateDir: DEFAULT_STATE_DIR(ROOT),
      signal: abort.signal, finalScreenshot: join(outDir, 'demo-final.png'),
      onAction: (e) => quiet(`  agent: seq ${e.seq} ${e.step_id} ${e.type}${e.resolution ? ` (${e.resolution.method} ${e.resolution.score.toFixed(2)})` : ''} ${e.ms} ms${e.duplicate ? ' (already done: result re-sent)' : ''}`),
    })
    const coding = codingFor(app.codings(), ipp)
    if (values.json) {
      say(JSON.stringify({ ...run.report, agent: run.outcome, coding: coding ?? null, wall_ms: Date.now() - started }, null, 2))
    } else {
      say('')
      for (const line of formatReport(run.report)) say(line)
      say('')
      if (coding) {
        say(`demo hospital: coding stored for ${name} (IPP ${coding.ipp}): decision ${coding.decision}`)
        coding.criteria.forEach((c, i) => say(`  critère ${i + 1}: ${c || '(vide)'}`))
      } else {
        say(`demo hospital: no coding stored for IPP ${ipp}`)
      }
      say(`last screen: ${join(outDir, 'demo-final.png')}; wall time ${((Date.now() - started) / 1000).toFixed(1)} s`)
    }
    const ok = run.report.status === 'succeeded' && coding !== undefined
    if (values.keep) {
      say(`--keep: the demo hospital stays at ${app.url}${system.started ? ` and the services at ${system.baseUrl} (token ${system.token})` : ''}; Ctrl-C stops`)
      await new Promise<void>((resolve) => abort.signal.addEventListener('abort', () => resolve(), { once: true }))
    }
    return ok ? 0 : 1
  } finally {
    await stop()
  }
}

process.exit(await main())
