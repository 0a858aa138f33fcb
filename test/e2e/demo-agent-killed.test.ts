import { spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import type { AgentActionEvent, AgentOutcome } from '@rpa-vision/agent'
import { DEMO_PATIENT_IPP } from '@rpa-vision/demo-hospital'
import { BUNDLE_FILE } from '../../scripts/demo-bundle.js'
import { buildReport, formatReport } from '../../scripts/lib/demo/report.js'
import { DECISION_VARIABLE, loadBundle } from '../../scripts/lib/demo/run-demo.js'
import { assertCodedOnce } from './assert-coded.js'
import { demoClient, prepareDemoSession, readSession } from '../../scripts/lib/demo/session.js'
import { startCdpBrowser } from './cdp-browser.js'
import { startFullStack } from './full-stack.js'

const FIXTURE = fileURLToPath(new URL('./fixtures/cdp-agent.ts', import.meta.url))
const AGENT_DEADLINE_MS = 150_000

interface AgentRun {
  code: number | null
  signal: NodeJS.Signals | null
  events: AgentActionEvent[]
  outcome: AgentOutcome | null
}

function runAgentProcess(env: Record<string, string>): Promise<AgentRun> {
  const child = spawn(process.execPath, ['--conditions=@rpa-vision/source', '--import', 'tsx', FIXTURE], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  // a hung agent must not hang the suite: stop it and let the assertions say what it had done
  const stuck = setTimeout(() => {
    process.stderr.write(`agent process still running after ${AGENT_DEADLINE_MS} ms; its events so far:\n${out}\n`)
    child.kill('SIGTERM')
  }, AGENT_DEADLINE_MS)
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      clearTimeout(stuck)
      const lines = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { event?: AgentActionEvent; outcome?: AgentOutcome })
      resolve({ code, signal, events: lines.flatMap((l) => (l.event ? [l.event] : [])), outcome: lines.find((l) => l.outcome)?.outcome ?? null })
    }),
  )
}

t.test('the agent process killed mid-session, right after typing, then restarted: no step done twice', async (t) => {
  const full = await startFullStack(t)
  // the screen outlives the agent: a browser of its own at display scale 1.25
  const browser = await startCdpBrowser(t, { url: `${full.app.url}/`, scale: 1.25, window: { width: 1200, height: 900 } })
  const bundle = await loadBundle(BUNDLE_FILE)
  const api = demoClient(full.stack.base, full.token)
  const session = await prepareDemoSession(api, { bundle, token: full.token, variables: { patient_ipp: DEMO_PATIENT_IPP } })
  const env = {
    CDP_URL: browser.wsUrl, BASE_URL: full.stack.base, TOKEN: session.agentToken, SESSION_ID: session.sessionId, AGENT_ID: session.agentId,
    STATE_DIR: await mkdtemp(join(tmpdir(), 'demo-agent-')),
  }

  // the 2nd text typed is the decision: killed with "ghs" in the field and nothing said to the server
  const first = await runAgentProcess({ ...env, DIE_AFTER_TYPES: '2' })
  t.equal(first.signal, 'SIGKILL', 'the first agent process was killed')
  const killedAt = Math.max(...first.events.map((e) => e.seq)) + 1
  t.ok(first.events.length >= 4, `it had performed ${first.events.length} actions before (killed while on seq ${killedAt})`)

  const second = await runAgentProcess(env)
  t.equal(second.code, 0, 'the restarted agent finished the session')
  t.same(second.outcome, { status: 'succeeded', reason: null })
  const resumed = second.events.find((e) => e.seq === killedAt)
  t.ok(resumed, 'the restarted agent reported the action it was killed in')
  t.equal(resumed?.duplicate, true, 'without performing it again')
  t.equal(resumed?.interrupted, true, 'counted as performed: the state file said it was under way')

  const performed = [...first.events, ...second.events].filter((e) => !e.duplicate).map((e) => e.seq)
  t.same(performed, [...new Set(performed)], 'no action performed twice across the two processes')

  const report = buildReport(await readSession(api, session.sessionId), bundle, DECISION_VARIABLE)
  t.comment(formatReport(report).join('\n'))
  assertCodedOnce(t, report, full.app, DEMO_PATIENT_IPP)
})
