import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import type { AgentActionEvent } from '@rpa-vision/agent'
import { DEMO_PATIENT_IPP, FORFAIT_PATIENT_IPP } from '@rpa-vision/demo-hospital'
import { BUNDLE_FILE } from '../../scripts/demo-bundle.js'
import { formatReport } from '../../scripts/lib/demo/report.js'
import { loadBundle, runDemo, type DemoRun } from '../../scripts/lib/demo/run-demo.js'
import { assertCodedOnce } from './assert-coded.js'
import type { DemoHospital } from '@rpa-vision/demo-hospital'
import { startFullStack } from './full-stack.js'

const stateDir = () => mkdtemp(join(tmpdir(), 'demo-agent-'))

function assertRun(t: Test, run: DemoRun, app: DemoHospital, ipp = DEMO_PATIENT_IPP): void {
  assertCodedOnce(t, run.report, app, ipp)
  t.same(run.outcome, { status: 'succeeded', reason: null }, 'the agent saw the session succeed')
  const performed = run.actions.filter((a) => !a.duplicate).map((a) => a.seq)
  t.same(performed, [...new Set(performed)], 'no action performed twice')
}

// with the other demo patient: the routine recorded on one patient's record codes another's (forfait urgence)
t.test('the replay service restarted in the middle of the session: the agent waits, the session goes on', async (t) => {
  const full = await startFullStack(t)
  let restarted: Promise<void> | undefined
  const busyAnswers: string[] = []
  const run = await runDemo({
    baseUrl: full.stack.base, token: full.token, appUrl: full.app.url, bundle: await loadBundle(BUNDLE_FILE), stateDir: await stateDir(),
    patientIpp: FORFAIT_PATIENT_IPP,
    onAction: (e: AgentActionEvent) => {
      // right after the record is opened (the OCR and T2A steps come next, server side): stop the replay service
      if (e.step_id === 'open_patient' && !restarted) {
        restarted = (async () => {
          await full.stack.stopReplay()
          const res = await full.stack.call(full.token, 'GET', '/api/v1/replays?limit=1')
          busyAnswers.push(String(res.status))
          await new Promise((r) => setTimeout(r, 2000))
          await full.stack.startReplay()
        })()
      }
    },
  })
  await restarted
  t.comment(formatReport(run.report).join('\n'))
  t.ok(restarted, 'the replay service was stopped mid-session')
  t.match(busyAnswers[0], /^5\d\d$/, 'while it was down, the gateway answered 5xx')
  assertRun(t, run, full.app, FORFAIT_PATIENT_IPP)
})

t.test('a slow application: targets appear late, the server looks again on fresh screens until they are there', async (t) => {
  const slowMs = 2500
  const full = await startFullStack(t, { slowMs })
  const run = await runDemo({
    baseUrl: full.stack.base, token: full.token, appUrl: full.app.url, bundle: await loadBundle(BUNDLE_FILE), stateDir: await stateDir(),
  })
  t.comment(formatReport(run.report).join('\n'))
  assertRun(t, run, full.app)
  const lookedAgain = run.report.lines.filter((l) => l.resolve_attempts > 1)
  t.ok(lookedAgain.length > 0, `some targets were not on the first screen looked at (${lookedAgain.map((l) => l.step_id).join(', ')})`)
  const waited = run.report.lines.find((l) => l.step_id === 'record_open')!
  t.ok(waited.ms !== null && waited.ms >= 0, 'wait_for_anchor finished')
})
