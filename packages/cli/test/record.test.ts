import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import t from 'tap'
import type { LearnedClickEvent } from '@rpa-vision/contracts'
import { createClient, runCli } from '../src/index.js'
import { recordInBrowser, uploadTrace } from '../src/commands/record.js'
import { capture } from './helpers/io.js'
import { startLearnGateway } from './helpers/learn-gateway.js'

const PAGE = pathToFileURL(new URL('../../../services/workflows/test/learn-pages/connexion.html', import.meta.url).pathname).href

async function rpa(argv: string[], env: Record<string, string | undefined>) {
  const out = capture()
  const err = capture()
  const code = await runCli(['record', ...argv], { env: { RPA_URL: 'http://127.0.0.1:9', RPA_TOKEN: 'x', ...env }, out, err })
  return { code, out: out.text, err: err.text }
}

t.test('the command line is checked first; without a display it says what to do', async (t) => {
  const base = ['--url', PAGE, '--name', 'Connexion']
  const cases: [string[], Record<string, string>, number, RegExp][] = [
    [base, { DISPLAY: ':0' }, 2, /error USAGE: --driver is required/],
    [['--driver', 'chrome', ...base], { DISPLAY: ':0' }, 2, /--driver must be one of browser, desktop/],
    [['--driver', 'browser', '--name', 'x'], { DISPLAY: ':0' }, 2, /--url is required/],
    [['--driver', 'browser', '--url', PAGE], { DISPLAY: ':0' }, 2, /--name is required/],
    [['--driver', 'browser', '--url', PAGE, '--no-upload'], { DISPLAY: ':0' }, 2, /--no-upload keeps the trace only in --out FILE/],
    [['--driver', 'browser', ...base, '--viewport', '1280*800'], { DISPLAY: ':0' }, 2, /--viewport must be WIDTHxHEIGHT/],
    [['--driver', 'browser', ...base, '--scale', '0'], { DISPLAY: ':0' }, 2, /--scale must be a number above 0/],
    [['--driver', 'browser', ...base, '--layout', 'fr'], { DISPLAY: ':0' }, 2, /--layout is for --driver desktop only/],
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

  const gateway = await startLearnGateway()
  t.teardown(() => gateway.close())
  const out = capture()
  await uploadTrace(createClient({ url: gateway.url, token: 'x' }), out, { name: 'Connexion', ...trace }, false)
  t.match(gateway.received, [{ name: 'Connexion', screen: trace.screen }], 'the trace went as the contract has it')
  t.equal(out.text, [
    'learned workflow 00000000-0000-4000-8000-00000000000a "Connexion": 2 steps, pending review',
    '  n1   type_text            Type "dr.house" into login  [234,154 406×42]',
    '  n2   click_anchor         Click "Se connecter"  [59,273 154×46]',
    'review it, then approve it: POST /api/v1/workflows/00000000-0000-4000-8000-00000000000a/review {"status": "approved"}',
    '',
  ].join('\n'))
})
