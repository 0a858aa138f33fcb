import t from 'tap'
import { keyChord, keyName, UnknownKeyError } from '../src/index.js'

t.test('key names as workflows write them, case-insensitive, to Playwright (DOM) names', async (t) => {
  const cases: Record<string, string> = {
    ctrl: 'Control', CONTROL: 'Control', Alt: 'Alt', shift: 'Shift', meta: 'Meta', cmd: 'Meta', Win: 'Meta',
    enter: 'Enter', Return: 'Enter', tab: 'Tab', esc: 'Escape', Escape: 'Escape', backspace: 'Backspace', delete: 'Delete',
    up: 'ArrowUp', down: 'ArrowDown', left: 'ArrowLeft', right: 'ArrowRight', ArrowUp: 'ArrowUp',
    home: 'Home', end: 'End', pageup: 'PageUp', PageDown: 'PageDown', f1: 'F1', F5: 'F5', f12: 'F12', space: ' ',
    s: 's', S: 's', '1': '1', '/': '/', é: 'é',
  }
  for (const [name, expected] of Object.entries(cases)) t.equal(keyName(name), expected, name)
})

t.test('a combination is one chord for keyboard.press', async (t) => {
  t.equal(keyChord(['ctrl', 's']), 'Control+s')
  t.equal(keyChord(['CTRL', 'Shift', 'Tab']), 'Control+Shift+Tab')
  t.equal(keyChord(['ctrl', 'shift', 'z']), 'Control+Shift+Z', 'a letter with shift is uppercase, as a keyboard sends it')
  t.equal(keyChord(['shift', '1']), 'Shift+1')
  t.equal(keyChord(['alt', 'f4']), 'Alt+F4')
  t.equal(keyChord(['enter']), 'Enter')
})

t.test('an unknown name is refused, naming it', async (t) => {
  t.throws(() => keyName('f13'), UnknownKeyError)
  t.throws(() => keyName('hyper'), /unknown key name "hyper"/)
  t.throws(() => keyChord([]), UnknownKeyError)
})
