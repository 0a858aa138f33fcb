/** The desktop driver's pure parts, with no X server: key names, keysyms, the display check, BGRA → PNG. */
import t from 'tap'
import sharp from 'sharp'
import { x11DisplayProblem } from '../src/drivers/desktop-display.js'
import { nutKeyName } from '../src/drivers/desktop-keys.js'
import { frameToPng } from '../src/drivers/desktop-png.js'
import { impliedUpper, keysymsFor } from '../src/drivers/desktop-x11-keysyms.js'
import { MODIFIER_KEYCODES, mapKey } from '../src/record/desktop-keymap.js'

t.test('our key names → nut-js Key names, case-insensitive; an unknown name throws', async (t) => {
  const cases: [string, string][] = [
    ['ctrl', 'LeftControl'], ['Control', 'LeftControl'], ['alt', 'LeftAlt'], ['shift', 'LeftShift'],
    ['meta', 'LeftSuper'], ['cmd', 'LeftSuper'], ['win', 'LeftSuper'],
    ['enter', 'Enter'], ['Return', 'Enter'], ['tab', 'Tab'], ['escape', 'Escape'], ['esc', 'Escape'],
    ['backspace', 'Backspace'], ['delete', 'Delete'], ['up', 'Up'], ['ArrowDown', 'Down'], ['left', 'Left'], ['right', 'Right'],
    ['home', 'Home'], ['end', 'End'], ['pageup', 'PageUp'], ['PageDown', 'PageDown'], ['space', 'Space'], [' ', 'Space'],
    ['f1', 'F1'], ['F12', 'F12'], ['a', 'A'], ['Z', 'Z'], ['0', 'Num0'], ['7', 'Num7'], ['-', 'Minus'], ['/', 'Slash'],
  ]
  for (const [ours, nut] of cases) t.equal(nutKeyName(ours), nut, ours)
  t.throws(() => nutKeyName('hyper'), /unknown key name "hyper"/)
  t.throws(() => nutKeyName('f25'), /unknown key name/)
})

t.test('keysyms: Latin-1 as code points, others in the Unicode range, legacy ones first; control characters', async (t) => {
  t.same(keysymsFor('a'), [0x61])
  t.same(keysymsFor('!'), [0x21])
  t.same(keysymsFor('é'), [0xe9])
  t.same(keysymsFor('—'), [0x01002014])
  t.same(keysymsFor('€'), [0x20ac, 0x010020ac])
  t.same(keysymsFor('œ'), [0x13bd, 0x01000153])
  t.same(keysymsFor('\n'), [0xff0d])
  t.same(keysymsFor('\t'), [0xff09])
  t.equal(impliedUpper(0x61), 0x41, 'a → A')
  t.equal(impliedUpper(0xe9), 0xc9, 'é → É')
  t.equal(impliedUpper(0xf7), 0, '÷ has no upper case')
  t.equal(impliedUpper(0x31), 0, '1 has no upper case')
})

t.test('the X display check names what is wrong, before any native code runs', async (t) => {
  t.equal(await x11DisplayProblem({}, 'win32'), null, 'not Linux: nothing to check')
  t.match(await x11DisplayProblem({}, 'linux'), /DISPLAY is not set: no X server/)
  t.match(await x11DisplayProblem({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux'), /XWayland/)
  t.match(await x11DisplayProblem({ DISPLAY: 'nonsense' }, 'linux'), /not of the form/)
  t.match(await x11DisplayProblem({ DISPLAY: ':4242' }, 'linux'), /the X display :4242 does not accept connections \(\/tmp\/\.X11-unix\/X4242: ENOENT/)
})

t.test('createDesktopDriver without a display: DesktopUnavailableError with the reason, and the process lives', { skip: process.platform !== 'linux' && 'Linux only' }, async (t) => {
  const saved = process.env.DISPLAY
  delete process.env.DISPLAY
  t.teardown(() => {
    if (saved !== undefined) process.env.DISPLAY = saved
  })
  const { createDesktopDriver, DesktopUnavailableError } = await import('../src/drivers/desktop.js')
  const err = await createDesktopDriver().catch((e: unknown) => e)
  t.ok(err instanceof DesktopUnavailableError)
  t.match(err, { name: 'DesktopUnavailableError', reason: /DISPLAY is not set/, message: /^desktop driver unavailable: DISPLAY is not set/ })
})

t.test('a grab (BGRA, rows padded past width × 4) becomes an RGB PNG of its size', async (t) => {
  const width = 3
  const height = 2
  const byteWidth = 16 // 12 bytes of pixels, 4 of padding
  const data = Buffer.alloc(byteWidth * height, 0xee)
  const pixels: [number, number, number][] = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [10, 20, 30], [200, 100, 50], [0, 0, 0]]
  pixels.forEach(([r, g, b], i) => {
    const o = Math.floor(i / width) * byteWidth + (i % width) * 4
    data[o] = b
    data[o + 1] = g
    data[o + 2] = r
    data[o + 3] = 0 // X leaves the alpha byte at 0: it must not make the PNG transparent
  })
  const png = await frameToPng({ width, height, data, channels: 4, byteWidth, colorMode: 0 })
  const { data: out, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true })
  t.same([info.width, info.height, info.channels], [3, 2, 3])
  t.same([...out], pixels.flat())
})

t.test('recorded key places → DOM key and text, on the US and French layouts', async (t) => {
  // uiohook key codes: A 0x1e, Q 0x10, 1 0x02, Semicolon 0x27, M 0x32, Enter 0x1c, Space 0x39, F5 0x3f, ArrowDown 0xe050
  t.same(mapKey(0x1e, false), { key: 'a', text: 'a' })
  t.same(mapKey(0x1e, true), { key: 'A', text: 'A' })
  t.same(mapKey(0x02, true), { key: '!', text: '!' })
  t.same(mapKey(0x27, true), { key: ':', text: ':' })
  t.same(mapKey(0x1c, false), { key: 'Enter' })
  t.same(mapKey(0x39, false), { key: ' ', text: ' ' })
  t.same(mapKey(0x3f, false), { key: 'F5' })
  t.same(mapKey(0xe050, false), { key: 'ArrowDown' })
  t.same(mapKey(0x0052, false), { key: '0', text: '0' }, 'keypad 0')
  t.same(mapKey(0x10, false, 'fr'), { key: 'a', text: 'a' }, 'AZERTY: A where QWERTY has Q')
  t.same(mapKey(0x1e, false, 'fr'), { key: 'q', text: 'q' })
  t.same(mapKey(0x27, false, 'fr'), { key: 'm', text: 'm' })
  t.same(mapKey(0x03, false, 'fr'), { key: 'é', text: 'é' })
  t.same(mapKey(0x03, true, 'fr'), { key: '2', text: '2' })
  t.same(mapKey(0x32, false, 'fr'), { key: ',', text: ',' })
  t.same(mapKey(0x1a, false, 'fr'), { key: 'Dead' }, 'the ^ dead key types nothing by itself')
  t.equal(mapKey(0x7777, false), undefined)
  t.ok([0x1d, 0x2a, 0x38, 0xe5b].every((k) => MODIFIER_KEYCODES.has(k)), 'ctrl, shift, alt, meta are modifiers')
})
