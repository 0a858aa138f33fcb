import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { BrowserDriver, runAgent, type AgentActionEvent, type AgentOutcome } from '@rpa-vision/agent'
import type { WorkflowBundle } from '@rpa-vision/contracts'
import { DEMO_PATIENT_IPP, REPLAY_VIEWPORT, type Coding, type DemoViewport } from '@rpa-vision/demo-hospital'
import { buildReport, type DemoReport } from './report.js'
import { demoClient, prepareDemoSession, readSession, type DemoSession } from './session.js'

export const DECISION_VARIABLE = 't2a'

export interface DemoRunOptions {
  baseUrl: string
  token: string
  /** the demo hospital, e.g. http://127.0.0.1:8090 */
  appUrl: string
  bundle: WorkflowBundle
  patientIpp?: string
  /** the replay screen (default: 1200×760 CSS px at display scale 1.25) */
  viewport?: DemoViewport
  /** the agent's state files */
  stateDir: string
  signal?: AbortSignal
  /** one line per action as the agent performs it */
  onAction?: (e: AgentActionEvent) => void
  /** when given, the last screen of the replay is saved there (PNG) */
  finalScreenshot?: string
}

export interface DemoRun {
  session: DemoSession
  outcome: AgentOutcome
  report: DemoReport
  actions: AgentActionEvent[]
}

export async function loadBundle(file: string): Promise<WorkflowBundle> {
  return JSON.parse(await readFile(file, 'utf8')) as WorkflowBundle
}

/**
 * One replay of the demo bundle: import and approve it, start a session for the patient, open the demo hospital in
 * a browser window that differs from the recording (display scale and size) and let the reference agent replay it
 * until the server says done; then read back what the server recorded.
 */
export async function runDemo(opts: DemoRunOptions): Promise<DemoRun> {
  const api = demoClient(opts.baseUrl, opts.token)
  // the screen first (as an agent's desktop is there before a replay is started for it), so that the first step's
  // time is the replay's, not Chromium's start
  const vp = opts.viewport ?? REPLAY_VIEWPORT
  const driver = await BrowserDriver.launch({ url: `${opts.appUrl}/`, viewport: { width: vp.width, height: vp.height }, deviceScaleFactor: vp.deviceScaleFactor })
  const actions: AgentActionEvent[] = []
  let outcome: AgentOutcome
  let session: DemoSession
  try {
    session = await prepareDemoSession(api, {
      bundle: opts.bundle, token: opts.token, variables: { patient_ipp: opts.patientIpp ?? DEMO_PATIENT_IPP },
    })
    outcome = await runAgent({
      baseUrl: opts.baseUrl, token: session.agentToken, sessionId: session.sessionId, agentId: session.agentId, driver,
      stateDir: opts.stateDir, signal: opts.signal, log: () => {},
      onEvent: (e) => {
        actions.push(e)
        opts.onAction?.(e)
      },
    })
    if (opts.finalScreenshot) {
      const { writeFile } = await import('node:fs/promises')
      await writeFile(opts.finalScreenshot, await driver.screenshot())
    }
  } finally {
    await driver.close()
  }
  const report = buildReport(await readSession(api, session.sessionId), opts.bundle, DECISION_VARIABLE)
  return { session, outcome, report, actions }
}

/** The coding the demo hospital stored for the patient, as the check at the end of the report shows it. */
export function codingFor(codings: Coding[], ipp: string): Coding | undefined {
  return codings.filter((c) => c.ipp === ipp).at(-1)
}

export const DEFAULT_STATE_DIR = (root: string) => join(root, '.rpa-vision', 'agent-state')
