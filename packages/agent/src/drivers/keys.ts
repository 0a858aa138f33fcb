/**
 * Key names as workflows write them ("ctrl", "Enter", "pgdn", "F5"), case-insensitive, to the names of the DOM's
 * KeyboardEvent.key, which Playwright's keyboard takes.
 */
const NAMED_KEYS: Record<string, string> = {
  ctrl: 'Control', control: 'Control',
  alt: 'Alt', option: 'Alt',
  shift: 'Shift',
  meta: 'Meta', cmd: 'Meta', command: 'Meta', win: 'Meta', windows: 'Meta', super: 'Meta',
  enter: 'Enter', return: 'Enter',
  tab: 'Tab',
  esc: 'Escape', escape: 'Escape',
  backspace: 'Backspace',
  delete: 'Delete', del: 'Delete',
  insert: 'Insert', ins: 'Insert',
  up: 'ArrowUp', down: 'ArrowDown', left: 'ArrowLeft', right: 'ArrowRight',
  arrowup: 'ArrowUp', arrowdown: 'ArrowDown', arrowleft: 'ArrowLeft', arrowright: 'ArrowRight',
  home: 'Home', end: 'End',
  pageup: 'PageUp', pagedown: 'PageDown', pgup: 'PageUp', pgdn: 'PageDown',
  space: ' ', spacebar: ' ',
  capslock: 'CapsLock',
}

export class UnknownKeyError extends Error {
  constructor(name: string) {
    super(`unknown key name "${name}" (use ctrl, alt, shift, meta, enter, tab, esc, backspace, delete, arrows, home, end, pageup, pagedown, f1–f12, space or one character)`)
    this.name = 'UnknownKeyError'
  }
}

/** One key's DOM name; a letter is lowercase, as a real keyboard's key is without shift (ctrl+s gives key "s"). */
export function keyName(name: string): string {
  if ([...name].length === 1) return name.toLowerCase()
  const lower = name.trim().toLowerCase()
  const named = NAMED_KEYS[lower]
  if (named) return named
  const fn = /^f([1-9]|1[0-2])$/.exec(lower)
  if (fn) return `F${fn[1]}`
  throw new UnknownKeyError(name)
}

/**
 * A key combination as Playwright's keyboard.press takes it: ["ctrl", "s"] → "Control+s". With shift held a letter
 * is uppercase, as a real keyboard sends it (Playwright does not shift it itself): ["ctrl", "shift", "z"] → "Control+Shift+Z".
 */
export function keyChord(keys: readonly string[]): string {
  if (keys.length === 0) throw new UnknownKeyError('')
  const names = keys.map(keyName)
  const shifted = names.includes('Shift')
  return names.map((k) => (shifted && /^\p{Ll}$/u.test(k) ? k.toUpperCase() : k)).join('+')
}
