import { writeFile } from 'node:fs/promises'
import { chromium, type Page } from 'playwright-core'
import { CHROMIUM_FLAGS, DEFAULT_CHROMIUM, recordPage, type Recording } from '@rpa-vision/agent'
import { LEARNED_MAX_EVENTS, type LearnedTrace, type Workflow } from '@rpa-vision/contracts'
import type { Client } from '../client.js'
import { CliError, oneOf, parseCommandArgs, println, UsageError, type Command, type Output } from '../command.js'
import { asJson } from '../format.js'
import { parseScale, parseViewport } from '../screen-args.js'
import { stopOnSignals } from '../signals.js'
import { recordOnDesktop } from './record-desktop.js'

export const RECORD_USAGE = [
  'rpa record --driver browser --url URL --name NAME [--description TEXT] [--viewport WxH] [--scale S] [--out trace.json] [--no-upload] [--json]',
  'rpa record --driver desktop --name NAME [--description TEXT] [--layout us|fr] [--out trace.json] [--no-upload] [--json]',
]
const [BROWSER_USAGE, DESKTOP_USAGE] = RECORD_USAGE as [string, string]
/** Before --driver is known: both (printed after "usage: "). */
const USAGE = RECORD_USAGE.join('\nusage: ')

/** Printed after the usage by `rpa record --help`. */
export const RECORD_DETAILS = `
Records a routine as you do it, and has the server learn a workflow from it (POST /api/v1/learned-workflows).
--driver browser: a Chromium window opens at --url; click, type and scroll in it as usual, then
close the window (or press Ctrl-C here) to finish.
--driver desktop: the whole screen is recorded, whatever runs on it; work as usual, then press Ctrl-C here (or send
SIGTERM) to finish.
Every click is sent with the screen as it was just before it; the server cuts the anchors (the vision workers detect
the clicked element and read its text) and answers a workflow pending review.

  --driver KIND       browser: a Chromium window of its own; desktop: this machine's screen
  --url URL           (browser) the page to open
  --name NAME         the learned workflow's name
  --description TEXT  the learned workflow's description
  --viewport WxH      (browser) the window's page size in CSS pixels (default 1280x800)
  --scale S           (browser) the display scaling to emulate, e.g. 1.25 (default 1)
  --layout us|fr      (desktop) the keyboard layout you type on, for the characters typed (default us)
  --out FILE          also write the trace (JSON) to FILE; it holds what was typed, passwords included: keep it private
  --no-upload         do not send the trace (with --out, to keep it only)
  --json              print the learned workflow as JSON

Both need a display (DISPLAY, on Linux). The browser window: on a machine without one, run it under xvfb-run, or
record from your own code with recordPage (packages/agent). The desktop: an X server with the RECORD extension (Xorg
and Xvfb have it), or Windows, or macOS (with the Accessibility permission). In a browser, typing into a password
field becomes a type_secret step: the value is stored encrypted and typed again at replay when the session does not
give it. The desktop recorder cannot tell a password field: what is typed there becomes plain text in the workflow,
so type no password while recording the desktop. The server refuses a trace with a middle click.`

/** What a gateway takes (BODY_LIMIT_BYTES' default): a bigger trace is refused before it is sent. */
const BODY_LIMIT_BYTES = 10 * 1024 * 1024

export interface BrowserRecordingOptions {
  url: string
  viewport: { width: number; height: number }
  scale: number
  /** ends the recording (besides the window being closed) */
  signal: AbortSignal
  /** called once recording has started, with the page (tests drive it) */
  onRecording?: (page: Page, recording: Recording) => unknown
}

/**
 * Opens a headed Chromium at the URL and records until its window is closed or the signal fires. Playwright's own
 * Ctrl-C handling is off: it would end the process before the trace is sent.
 */
export async function recordInBrowser(opts: BrowserRecordingOptions): Promise<LearnedTrace> {
  let browser
  try {
    browser = await chromium.launch({
      executablePath: DEFAULT_CHROMIUM, headless: false, args: CHROMIUM_FLAGS.filter((f) => f !== '--headless'),
      handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    })
  } catch (err) {
    throw new CliError('BROWSER_FAILED', `could not start Chromium (${DEFAULT_CHROMIUM}): ${(err as Error).message.split('\n')[0]}`)
  }
  try {
    const context = await browser.newContext({ viewport: opts.viewport, deviceScaleFactor: opts.scale, locale: 'fr-FR' })
    const page = await context.newPage()
    try {
      await page.goto(opts.url)
    } catch (err) {
      throw new CliError('PAGE_FAILED', `could not open ${opts.url}: ${(err as Error).message.split('\n')[0]}`)
    }
    const recording = await recordPage(page, { deviceScaleFactor: opts.scale })
    const closed = new Promise<void>((resolve) => {
      page.once('close', () => resolve())
      browser.once('disconnected', () => resolve())
      if (opts.signal.aborted) resolve()
      opts.signal.addEventListener('abort', () => resolve(), { once: true })
    })
    await opts.onRecording?.(page, recording)
    await closed
    return await recording.stop()
  } finally {
    await browser.close().catch(() => undefined)
  }
}

function describeNode(n: Workflow['nodes'][number]): string {
  const where = n.anchor ? `  [${n.anchor.bbox.x},${n.anchor.bbox.y} ${n.anchor.bbox.width}×${n.anchor.bbox.height}]` : ''
  return `  ${n.id.padEnd(4)} ${n.type.padEnd(20)} ${n.label ?? ''}${where}`
}

/** Sends the trace to be learned and prints what came of it. */
export async function uploadTrace(client: Client, out: Output, body: { name: string; description?: string } & LearnedTrace, json: boolean): Promise<Workflow> {
  const size = Buffer.byteLength(JSON.stringify(body))
  if (size > BODY_LIMIT_BYTES) {
    throw new CliError('TRACE_TOO_LARGE', `the trace is ${(size / 1048576).toFixed(1)} MB, over the gateway's 10 MB: record a shorter routine (fewer clicks), or on a smaller screen (--viewport in a browser)`)
  }
  const wf = await client.request<Workflow>('POST', '/api/v1/learned-workflows', { body })
  if (json) {
    println(out, asJson(wf))
    return wf
  }
  println(out, `learned workflow ${wf.id} "${wf.name}": ${wf.nodes.length} steps, pending review`)
  for (const n of wf.nodes) println(out, describeNode(n))
  println(out, `review it, then approve it: POST /api/v1/workflows/${wf.id}/review {"status": "approved"}`)
  return wf
}

/** `rpa record`: record a routine in a browser window or on the desktop, and learn a workflow from it. */
export const recordWorkflow: Command = async (args, { client, env, out, err }) => {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      driver: { type: 'string' }, url: { type: 'string' }, name: { type: 'string' }, description: { type: 'string' }, viewport: { type: 'string' },
      scale: { type: 'string' }, layout: { type: 'string' }, out: { type: 'string' }, 'no-upload': { type: 'boolean' }, json: { type: 'boolean' },
    },
    USAGE,
  )
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, USAGE)
  const driver = oneOf(values.driver, ['browser', 'desktop'] as const, '--driver', USAGE)
  if (!driver) throw new UsageError('--driver is required (browser or desktop)', USAGE)
  const usage = driver === 'desktop' ? DESKTOP_USAGE : BROWSER_USAGE
  const otherDriver = driver === 'desktop' ? 'browser' : 'desktop'
  for (const flag of driver === 'desktop' ? (['url', 'viewport', 'scale'] as const) : (['layout'] as const)) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} is for --driver ${otherDriver} only`, usage)
  }
  if (driver === 'browser' && !values.url) throw new UsageError('--url is required: the page to record on', usage)
  const upload = !values['no-upload']
  if (upload && !values.name) throw new UsageError('--name is required: the learned workflow is named after it', usage)
  if (!upload && !values.out) throw new UsageError('--no-upload keeps the trace only in --out FILE: give one', usage)

  let record: (signal: AbortSignal) => Promise<LearnedTrace>
  if (driver === 'desktop') {
    const layout = oneOf(values.layout, ['us', 'fr'] as const, '--layout', usage) ?? 'us'
    if (process.platform === 'linux' && !env.DISPLAY) {
      throw new UsageError('a display is needed: rpa record --driver desktop records the X screen named by DISPLAY, which is not set. Run it in your desktop session, or record in a browser with --driver browser', usage)
    }
    record = (signal) => recordOnDesktop({ layout, signal, onRecording: () => println(err, 'recording the screen… Ctrl-C to stop') })
  } else {
    const url = values.url!
    const viewport = parseViewport(values.viewport, usage) ?? { width: 1280, height: 800 }
    const scale = parseScale(values.scale, usage) ?? 1
    if (!env.DISPLAY) {
      throw new UsageError('a display is needed: rpa record opens a Chromium window for you to work in (DISPLAY is not set). Run it in a desktop session or under xvfb-run, or record from your own code with recordPage (packages/agent)', usage)
    }
    record = (signal) => {
      println(err, `recording on ${url}: work in the window, then close it (or press Ctrl-C here) to finish`)
      return recordInBrowser({ url, viewport, scale, signal })
    }
  }

  // SIGINT and SIGTERM end the recording (and the trace is still sent)
  const controller = new AbortController()
  const release = stopOnSignals(controller)
  let trace: LearnedTrace
  try {
    trace = await record(controller.signal)
  } finally {
    release()
  }
  const clicks = trace.events.filter((e) => e.type === 'click').length
  println(err, `recorded ${trace.events.length} events (${clicks} clicks) on a ${trace.screen.width}×${trace.screen.height} screen at scale ${trace.screen.scale}`)
  if (trace.events.length === 0) {
    throw new CliError('NOTHING_RECORDED', `nothing was recorded: no click, key or scroll ${driver === 'desktop' ? 'on the screen' : 'in the window'}`)
  }
  if (trace.events.length > LEARNED_MAX_EVENTS) {
    throw new CliError('TRACE_TOO_LONG', `${trace.events.length} events, over the ${LEARNED_MAX_EVENTS} a trace may hold: record a shorter routine`)
  }
  const body = { name: values.name ?? 'recording', ...(values.description ? { description: values.description } : {}), ...trace }
  if (values.out) {
    try {
      await writeFile(values.out, `${JSON.stringify(body)}\n`, { mode: 0o600 })
    } catch (e) {
      throw new CliError('WRITE_FAILED', `cannot write ${values.out}: ${(e as Error).message}`)
    }
    println(err, `trace written to ${values.out} (it holds what was typed, passwords included: keep it private)`)
  }
  if (upload) await uploadTrace(client, out, body, values.json === true)
}
