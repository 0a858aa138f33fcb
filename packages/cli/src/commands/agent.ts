import type { AgentActionEvent, AgentOutcome, DriverKind, ScreenDriver } from '@rpa-vision/agent'
import { CliError, parseCommandArgs, println, UsageError, type Command, type Output } from '../command.js'
import { parseScale, parseViewport } from '../screen-args.js'
import { stopOnSignals } from '../signals.js'

export const AGENT_USAGE = [
  'rpa agent --session ID --agent-id ID --driver browser|desktop [--url URL] [--viewport 1200x760] [--scale 1.25] [--chromium PATH] [--headed] [--state-dir DIR] [--json]',
]
const [USAGE] = AGENT_USAGE as [string]

/** Printed after the usage by `rpa agent --help`. */
export const AGENT_DETAILS = `
Replays one session as its agent: polls the gateway for the next action, performs it on the screen, reports it,
until the session is done. One line per action (seq, step, type, how the target was found, time), then the status.

  --session ID       the replay session (POST /api/v1/replays answered its session_id)
  --agent-id ID      the agent the session was started for
  --driver KIND      browser: a Chromium page (playwright-core) at --url; desktop: this machine's screen
  --url URL          (browser) the page to open
  --viewport WxH     (browser) the page size in CSS pixels (default 1280x800)
  --scale S          (browser) the display scaling to emulate, e.g. 1.25 (default 1)
  --chromium PATH    (browser) the Chromium to run (default /usr/bin/chromium)
  --headed           (browser) show the window
  --state-dir DIR    where the agent remembers what it performed (default .rpa-vision/agent-state): restarted with
                     the same directory, it never performs an action twice
  --json             one JSON line per action, then one with the outcome

exit code: 0 the replay succeeded; 1 it failed, was cancelled or refused, or the agent was stopped (SIGINT/SIGTERM:
the action under way is finished and written down first); 2 a wrong command line.`

const DEFAULT_STATE_DIR = '.rpa-vision/agent-state'

function actionLine(e: AgentActionEvent): string {
  const how = e.resolution ? `${e.resolution.method} ${e.resolution.score.toFixed(2)}` : '-'
  const status = e.status === 'ok' ? 'ok' : `failed: ${e.error ?? ''}`
  const again = e.duplicate ? ` (performed before${e.interrupted ? ', interrupted' : ''}: result sent again)` : ''
  return `seq ${String(e.seq).padStart(3)}  ${e.step_id.padEnd(12)}  ${e.type.padEnd(7)}  ${how.padEnd(14)}  ${`${e.ms} ms`.padStart(8)}  ${status}${again}`
}

function outcomeLine(o: AgentOutcome): string {
  return `replay ${o.status}${o.reason ? `: ${o.reason}` : ''}`
}

function failure(o: AgentOutcome): CliError {
  if (o.status === 'aborted') return new CliError('ABORTED', `${o.reason}; run it again with the same --state-dir to carry on`)
  if (o.status === 'error') return new CliError(o.code, o.reason)
  return new CliError(`REPLAY_${o.status.toUpperCase()}`, o.reason ?? `the replay ${o.status}`)
}

function logTo(err: Output) {
  return (level: string, msg: string) => {
    if (level === 'warn' || level === 'error') println(err, `${level}: ${msg}`)
  }
}

/** `rpa agent`: the reference replay agent, on a browser page or this desktop. */
export const runReplayAgent: Command = async (args, { config, out, err }) => {
  const { values, positionals } = parseCommandArgs(args, {
    session: { type: 'string' }, 'agent-id': { type: 'string' }, driver: { type: 'string' }, url: { type: 'string' },
    viewport: { type: 'string' }, scale: { type: 'string' }, chromium: { type: 'string' }, headed: { type: 'boolean' },
    'state-dir': { type: 'string' }, json: { type: 'boolean' },
  }, USAGE)
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, USAGE)
  if (!values.session) throw new UsageError('--session is required', USAGE)
  if (!values['agent-id']) throw new UsageError('--agent-id is required', USAGE)
  const kind = values.driver as DriverKind | undefined
  if (kind !== 'browser' && kind !== 'desktop') throw new UsageError(`--driver must be browser or desktop${kind ? `; got "${kind}"` : ''}`, USAGE)
  if (kind === 'browser' && !values.url) throw new UsageError('--driver browser needs --url (the page to open)', USAGE)
  const viewport = parseViewport(values.viewport, USAGE)
  const scale = parseScale(values.scale, USAGE)
  if (!config.token) {
    throw new CliError('NO_TOKEN', 'RPA_TOKEN is not set: export RPA_TOKEN=<token> (an agent token made with "rpa tokens create --role agent --agent-id ID")')
  }

  // loaded here: the other commands need neither Playwright nor a screen
  const { createDriver, runAgent, DriverUnavailableError } = await import('@rpa-vision/agent')
  let driver: ScreenDriver
  try {
    driver = kind === 'browser'
      ? await createDriver('browser', {
        url: values.url!, headless: !values.headed,
        ...(viewport ? { viewport } : {}), ...(scale ? { deviceScaleFactor: scale } : {}), ...(values.chromium ? { executablePath: values.chromium } : {}),
      })
      : await createDriver('desktop', {})
  } catch (e) {
    if (e instanceof DriverUnavailableError) throw new CliError('DRIVER', e.message)
    throw new CliError('DRIVER', `the ${kind} driver could not start: ${(e as Error).message}`)
  }

  // SIGINT and SIGTERM stop the agent between two steps
  const controller = new AbortController()
  const release = stopOnSignals(controller)
  let outcome: AgentOutcome
  try {
    outcome = await runAgent({
      baseUrl: config.url, token: config.token, sessionId: values.session, agentId: values['agent-id'], driver,
      stateDir: values['state-dir'] ?? DEFAULT_STATE_DIR, signal: controller.signal, log: logTo(err),
      onEvent: (e) => println(out, values.json ? JSON.stringify({ event: 'action', ...e }) : actionLine(e)),
    })
  } finally {
    release()
    await driver.close().catch(() => undefined)
  }
  println(out, values.json ? JSON.stringify({ event: 'end', ...outcome }) : outcomeLine(outcome))
  if (outcome.status !== 'succeeded') throw failure(outcome)
}
