import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import t from 'tap'
import { LearnedWorkflowBody, type LearnedClickEvent, type Workflow } from '@rpa-vision/contracts'
import { createServer } from '@rpa-vision/http'
import { createClient, runCli } from '../src/index.js'
import { recordInBrowser, uploadTrace } from '../src/commands/record.js'
import { capture } from './helpers/io.js'

const PAGE = pathToFileURL(new URL('../../../services/workflows/test/learn-pages/connexion.html', import.meta.url).pathname).href

async function rpa(argv: string[], env: Record<string, string | undefined>) {
  const out = capture()
  const err = capture()
  const code = await runCli(['record', ...argv], { env: { RPA_URL: 'http://127.0.0.1:9', RPA_TOKEN: 'x', ...env }, out, err })
  return { code, out: out.text, err: err.text }
}

t.test('the command line is checked first; desktop is not available; without a display it says what to do', async (t) => {
  const base = ['--url', PAGE, '--name', 'Connexion']
  const cases: [string[], Record<string, string>, number, RegExp][] = [
    [base, { DISPLAY: ':0' }, 2, /error USAGE: --driver is required/],
    [['--driver', 'chrome', ...base], { DISPLAY: ':0' }, 2, /--driver must be one of browser, desktop/],
    [['--driver', 'browser', '--name', 'x'], { DISPLAY: ':0' }, 2, /--url is required/],
    [['--driver', 'browser', '--url', PAGE], { DISPLAY: ':0' }, 2, /--name is required/],
    [['--driver', 'browser', '--url', PAGE, '--no-upload'], { DISPLAY: ':0' }, 2, /--no-upload keeps the trace only in --out FILE/],
    [['--driver', 'browser', ...base, '--viewport', '1280*800'], { DISPLAY: ':0' }, 2, /--viewport must be WIDTHxHEIGHT/],
    [['--driver', 'browser', ...base, '--scale', '0'], { DISPLAY: ':0' }, 2, /--scale must be a number above 0/],
    [['--driver', 'desktop', ...base], { DISPLAY: ':0' }, 1, /error DRIVER_UNAVAILABLE: recording the desktop is not available in this build yet: record in a browser with --driver browser/],
    [['--driver', 'browser', ...base], {}, 2, /error USAGE: a display is needed: .*DISPLAY is not set.*xvfb-run.*recordPage/],
  ]
  for (const [argv, env, code, message] of cases) {
    const r = await rpa(argv, env)
    t.equal(r.code, code, argv.join(' '))
    t.match(r.err, message)
  }
  const help = await rpa(['--help'], {})
  t.equal(help.code, 0)
  t.match(help.out, /usage: rpa record --driver browser --url URL --name NAME/)
  t.match(help.out, /close the window \(or press Ctrl-C here\) to finish/)
})

/** A display of our own for the headed window: Xvfb picks a free number and writes it on fd 3. */
async function startXvfb(): Promise<{ display: string; proc: ChildProcess }> {
  const proc = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1600x1000x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] })
  const display = await new Promise<string>((resolve, reject) => {
    let text = ''
    proc.stdio[3]!.on('data', (d: Buffer) => {
      text += d.toString()
      if (text.includes('\n')) resolve(`:${text.trim()}`)
    })
    proc.once('exit', (code) => reject(new Error(`Xvfb exited (${code})`)))
  })
  return { display, proc }
}

t.test('headed Chromium on a display: recorded until the window closes, then learned and printed', { skip: !existsSync('/usr/bin/Xvfb') && 'Xvfb is not installed' }, async (t) => {
  const { display, proc } = await startXvfb()
  t.teardown(() => proc.kill())
  const before = process.env.DISPLAY
  process.env.DISPLAY = display
  t.teardown(() => {
    if (before === undefined) delete process.env.DISPLAY
    else process.env.DISPLAY = before
  })

  const trace = await recordInBrowser({
    url: PAGE, viewport: { width: 1000, height: 640 }, scale: 1.25, signal: new AbortController().signal,
    async onRecording(page, recording) {
      const at = async (selector: string) => {
        const b = (await page.locator(selector).boundingBox())!
        return [b.x + b.width / 2, b.y + b.height / 2] as const
      }
      await page.mouse.click(...(await at('#login')))
      await page.keyboard.type('dr.house')
      await recording.settled()
      await page.mouse.click(...(await at('#connect')))
      await page.close() // the user closes the window: the recording ends
    },
  })
  t.same(trace.screen, { width: 1250, height: 800, scale: 1.25 }, 'the headed page, in device pixels')
  t.same(trace.events.map((e) => e.type), ['click', ...Array(8).fill('key'), 'click'])
  t.equal((trace.events[0] as LearnedClickEvent).screenshot.slice(0, 8), 'iVBORw0K', 'clicks carry PNGs')

  // A stand-in gateway that checks the body against the contract and answers a learned workflow.
  const app = createServer({ service: 'stub', log: false })
  let received: unknown
  app.post('/api/v1/learned-workflows', { schema: { body: LearnedWorkflowBody } }, async (req, reply) => {
    received = req.body
    const now = new Date().toISOString()
    const anchor = { id: '00000000-0000-4000-8000-000000000001', image_sha256: 'a'.repeat(64), image_url: '/x', image_width: 406, image_height: 42, bbox: { x: 234, y: 154, width: 406, height: 42 }, screen: trace.screen, target_text: null, ocr_description: null, screenshot_sha256: null }
    const wf: Workflow = {
      id: '00000000-0000-4000-8000-00000000000a', name: req.body.name, description: null, source: 'learned', review_status: 'pending', review_feedback: null,
      reviewed_at: null, version: 1, created_at: now, updated_at: now, edges: [{ from: 'n1', to: 'n2' }],
      nodes: [
        { id: 'n1', type: 'type_text', label: 'Type "dr.house" into login', params: { text: 'dr.house' }, anchor },
        { id: 'n2', type: 'click_anchor', label: 'Click "Se connecter"', params: {}, anchor: { ...anchor, bbox: { x: 59, y: 273, width: 154, height: 46 } } },
      ],
    }
    return reply.status(201).send(wf)
  })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  const out = capture()
  await uploadTrace(createClient({ url, token: 'x' }), out, { name: 'Connexion', ...trace }, false)
  t.match(received, { name: 'Connexion', screen: trace.screen }, 'the trace went as the contract has it')
  t.equal(out.text, [
    'learned workflow 00000000-0000-4000-8000-00000000000a "Connexion": 2 steps, pending review',
    '  n1   type_text            Type "dr.house" into login  [234,154 406×42]',
    '  n2   click_anchor         Click "Se connecter"  [59,273 154×46]',
    'review it, then approve it: POST /api/v1/workflows/00000000-0000-4000-8000-00000000000a/review {"status": "approved"}',
    '',
  ].join('\n'))
})
