import { writeFile } from 'node:fs/promises'
import { chromium, type Page } from 'playwright-core'
import { CHROMIUM_FLAGS, DEFAULT_CHROMIUM, recordPage, type Recording } from '@rpa-vision/agent'
import { LEARNED_MAX_EVENTS, type LearnedTrace, type Workflow } from '@rpa-vision/contracts'
import type { Client } from '../client.js'
import { CliError, oneOf, parseCommandArgs, println, UsageError, type Command, type Output } from '../command.js'
import { asJson } from '../format.js'
import { parseScale, parseViewport } from '../screen-args.js'
import { stopOnSignals } from '../signals.js'

export const RECORD_USAGE = [
  'rpa record --driver browser --url URL --name NAME [--description TEXT] [--viewport WxH] [--scale S] [--out trace.json] [--no-upload] [--json]',
]
const [USAGE] = RECORD_USAGE as [string]

/** Printed after the usage by `rpa record --help`. */
export const RECORD_DETAILS = `
Records a routine as you do it, and has the server learn a workflow from it (POST /api/v1/learned-workflows): a
Chromium window opens at --url; click, type and scroll as usual; close the window (or press Ctrl-C here) to finish.
Every click is sent with the screen as it was just before it; the server cuts the anchors (the vision workers detect
the clicked element and read its text) and answers a workflow pending review.

  --driver KIND      browser (desktop recording is not available yet)
  --url URL          the page to open
  --name NAME        the learned workflow's name
  --viewport WxH     the window's page size in CSS pixels (default 1280x800)
  --scale S          the display scaling to emulate, e.g. 1.25 (default 1)
  --out FILE         also write the trace (JSON) to FILE; it holds what was typed into password fields: keep it private
  --no-upload        do not send the trace (with --out, to keep it only)
  --json             print the learned workflow as JSON

The window needs a display (DISPLAY): on a machine without one, run it under xvfb-run, or record from your own code
with recordPage (packages/agent). Typing into a password field becomes a type_secret step: the value is stored
encrypted and typed again at replay when the session does not give it.`

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
    throw new CliError('TRACE_TOO_LARGE', `the trace is ${(size / 1048576).toFixed(1)} MB, over the gateway's 10 MB: record a shorter routine (fewer clicks), or a smaller --viewport`)
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

/** `rpa record`: record a routine in a browser window, and learn a workflow from it. */
export const recordWorkflow: Command = async (args, { client, env, out, err }) => {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      driver: { type: 'string' }, url: { type: 'string' }, name: { type: 'string' }, description: { type: 'string' }, viewport: { type: 'string' },
      scale: { type: 'string' }, out: { type: 'string' }, 'no-upload': { type: 'boolean' }, json: { type: 'boolean' },
    },
    USAGE,
  )
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, USAGE)
  const driver = oneOf(values.driver, ['browser', 'desktop'] as const, '--driver', USAGE)
  if (!driver) throw new UsageError('--driver is required (browser)', USAGE)
  if (!values.url) throw new UsageError('--url is required: the page to record on', USAGE)
  const upload = !values['no-upload']
  if (upload && !values.name) throw new UsageError('--name is required: the learned workflow is named after it', USAGE)
  if (!upload && !values.out) throw new UsageError('--no-upload keeps the trace only in --out FILE: give one', USAGE)
  const viewport = parseViewport(values.viewport, USAGE) ?? { width: 1280, height: 800 }
  const scale = parseScale(values.scale, USAGE) ?? 1
  if (driver === 'desktop') {
    throw new CliError('DRIVER_UNAVAILABLE', 'recording the desktop is not available in this build yet: record in a browser with --driver browser, or from your own code with recordPage (packages/agent)')
  }
  if (!env.DISPLAY) {
    throw new UsageError('a display is needed: rpa record opens a Chromium window for you to work in (DISPLAY is not set). Run it in a desktop session or under xvfb-run, or record from your own code with recordPage (packages/agent)', USAGE)
  }

  // SIGINT and SIGTERM end the recording (and the trace is still sent)
  const controller = new AbortController()
  const release = stopOnSignals(controller)
  let trace: LearnedTrace
  try {
    println(err, `recording on ${values.url}: work in the window, then close it (or press Ctrl-C here) to finish`)
    trace = await recordInBrowser({ url: values.url, viewport, scale, signal: controller.signal })
  } finally {
    release()
  }
  const clicks = trace.events.filter((e) => e.type === 'click').length
  println(err, `recorded ${trace.events.length} events (${clicks} clicks) on a ${trace.screen.width}×${trace.screen.height} screen at scale ${trace.screen.scale}`)
  if (trace.events.length === 0) throw new CliError('NOTHING_RECORDED', 'nothing was recorded: no click, key or scroll in the window')
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
