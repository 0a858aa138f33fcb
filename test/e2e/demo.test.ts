import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { DEMO_PATIENT_IPP, RECORD_VIEWPORT, REPLAY_VIEWPORT } from '@rpa-vision/demo-hospital'
import { BUNDLE_FILE } from '../../scripts/demo-bundle.js'
import { formatReport } from '../../scripts/lib/demo/report.js'
import { loadBundle, runDemo } from '../../scripts/lib/demo/run-demo.js'
import { assertCodedOnce } from './assert-coded.js'
import { startFullStack } from './full-stack.js'

// The run `pnpm demo` makes, against the whole system in this process: the shipped bundle (cut at display scale 1 in
// a 1280×800 window) replayed at scale 1.25 in a 1200×760 window on the demo hospital, with real template matching,
// real OCR and the offline rules provider.
t.test('pnpm demo: the recorded routine codes the patient on a changed screen, with the verified decision', async (t) => {
  t.not(REPLAY_VIEWPORT.deviceScaleFactor, RECORD_VIEWPORT.deviceScaleFactor, 'replayed at another display scale')
  t.not(REPLAY_VIEWPORT.width, RECORD_VIEWPORT.width, 'in another window size')
  const full = await startFullStack(t)
  const bundle = await loadBundle(BUNDLE_FILE)
  const run = await runDemo({
    baseUrl: full.stack.base, token: full.token, appUrl: full.app.url, bundle, stateDir: await mkdtemp(join(tmpdir(), 'demo-agent-')),
  })
  t.comment(formatReport(run.report).join('\n'))
  t.same(run.outcome, { status: 'succeeded', reason: null }, 'the agent saw the session succeed')
  t.equal(run.report.status, 'succeeded')

  // the state of the demo app at the end: one coding, for the right patient, holding the decision and its evidence
  assertCodedOnce(t, run.report, full.app, DEMO_PATIENT_IPP)
  const decision = run.report.decision!
  for (const c of decision.criteria) {
    t.equal(c.status, 'met', `criterion ${c.id} met`)
    t.ok(c.citations.every((q) => q.verification !== 'failed'), `criterion ${c.id}: every quotation verified`)
  }
  t.ok(decision.criteria.every((c) => c.evidence.length > 0))

  // every plan action done exactly once; every anchored one found on the changed screen, none clicked blind
  t.ok(run.report.lines.every((l) => l.state === 'done'), 'every step done')
  const performed = run.actions.filter((a) => !a.duplicate).map((a) => a.seq)
  t.same(performed, [...new Set(performed)], 'no action performed twice')
  const anchored = run.report.lines.filter((l) => l.method !== null)
  t.ok(anchored.length >= 10, 'the anchored steps were resolved')
  for (const l of anchored) t.ok(l.score !== null && l.score >= 0.7, `${l.label}: ${l.method} ${l.score}`)
})
