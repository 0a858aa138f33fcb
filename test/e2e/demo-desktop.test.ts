import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { DEMO_PATIENT_IPP } from '@rpa-vision/demo-hospital'
import { startXvfb, which } from '../../packages/agent/test/desktop-fixture.js'
import { BUNDLE_FILE } from '../../scripts/demo-bundle.js'
import { buildReport, formatReport } from '../../scripts/lib/demo/report.js'
import { DECISION_VARIABLE, loadBundle } from '../../scripts/lib/demo/run-demo.js'
import { assertCodedOnce } from './assert-coded.js'
import { demoClient, prepareDemoSession, readSession } from '../../scripts/lib/demo/session.js'
import { startFullStack } from './full-stack.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const missing = ['Xvfb', 'chromium'].filter((c) => !which(c))

// The demo on a real screen: an X server (Xvfb) at 1500×950 with Chromium full screen at display scale 1.25 (so a
// 1200×760 CSS-pixel window), and the agent as the operator runs it, `rpa agent --driver desktop`: screenshots of the
// whole X screen, clicks and keys through XTEST (nut-js), nothing of the browser's own API.
t.test('pnpm demo on a real X screen: rpa agent --driver desktop replays the routine', { skip: missing.length ? `not installed: ${missing.join(', ')}` : false }, async (t) => {
  const full = await startFullStack(t)
  const xvfb = await startXvfb(1500, 950)
  t.teardown(() => xvfb.stop())
  const profile = await mkdtemp(join(tmpdir(), 'demo-desktop-chromium-'))
  const browser = spawn('chromium', [
    '--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--disable-quic', '--disable-smooth-scrolling', '--disable-features=Translate,MediaRouter', '--password-store=basic',
    '--ozone-platform=x11', '--kiosk', '--window-position=0,0', '--force-device-scale-factor=1.25', `--user-data-dir=${profile}`, `${full.app.url}/`,
  ], { env: { ...process.env, DISPLAY: xvfb.display }, stdio: 'ignore', detached: true })
  t.teardown(async () => {
    try {
      process.kill(-browser.pid!, 'SIGKILL')
    } catch {
      // gone
    }
    await rm(profile, { recursive: true, force: true })
  })

  const bundle = await loadBundle(BUNDLE_FILE)
  const api = demoClient(full.stack.base, full.token)
  const session = await prepareDemoSession(api, { bundle, token: full.token, variables: { patient_ipp: DEMO_PATIENT_IPP } })
  const stateDir = await mkdtemp(join(tmpdir(), 'demo-agent-'))
  const agent = spawn(process.execPath, [
    '--conditions=@rpa-vision/source', '--import', 'tsx', 'packages/cli/src/main.ts',
    'agent', '--session', session.sessionId, '--agent-id', session.agentId, '--driver', 'desktop', '--state-dir', stateDir,
  ], { cwd: ROOT, env: { ...process.env, DISPLAY: xvfb.display, RPA_URL: full.stack.base, RPA_TOKEN: session.agentToken }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  agent.stdout.on('data', (d: Buffer) => (out += d.toString()))
  agent.stderr.on('data', (d: Buffer) => (out += d.toString()))
  const code = await new Promise<number | null>((resolve) => agent.once('exit', (c) => resolve(c)))
  t.comment(out.trim())
  t.equal(code, 0, 'rpa agent --driver desktop exits 0: the replay succeeded')

  const report = buildReport(await readSession(api, session.sessionId), bundle, DECISION_VARIABLE)
  t.comment(formatReport(report).join('\n'))
  assertCodedOnce(t, report, full.app, DEMO_PATIENT_IPP)
})
