/**
 * Where uiohook cannot hook (an X server without RECORD, where uiohook-napi itself would abort the process), recording
 * fails with the reason, and can be tried again.
 */
import t from 'tap'
import { startXvfb, which } from './desktop-fixture.js'

if (process.platform !== 'linux' || !which('Xvfb')) {
  t.test('desktop capture without RECORD', { skip: process.platform !== 'linux' ? 'Linux only' : 'not installed: Xvfb (Debian package xvfb)' }, async () => {})
} else {
  const xvfb = await startXvfb(640, 480, { record: false })
  process.env.DISPLAY = xvfb.display
  const { recordDesktop } = await import('../src/record/desktop-capture.js')
  const { DesktopUnavailableError } = await import('../src/drivers/desktop.js')

  t.test('an X server without RECORD: DesktopUnavailableError with the reason, not uiohook’s abort; twice (nothing left half-started)', async (t) => {
    for (let i = 0; i < 2; i++) {
      const err = await recordDesktop().catch((e: unknown) => e)
      t.ok(err instanceof DesktopUnavailableError, `attempt ${i + 1}`)
      t.match(err, { reason: /^the X server :\d+ has no RECORD extension, which the input hook needs/ })
    }
  })
}
