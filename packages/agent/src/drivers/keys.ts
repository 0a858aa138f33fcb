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

/**
 * One key's DOM name. A letter is sent lowercase, as the key of a real keyboard is: ctrl+s gives key "s"
 * (with shift held, Playwright sends "S" itself); other single characters are sent as they are.
 */
export function keyName(name: string): string {
  if ([...name].length === 1) return name.toLowerCase()
  const lower = name.trim().toLowerCase()
  const named = NAMED_KEYS[lower]
  if (named) return named
  const fn = /^f([1-9]|1[0-2])$/.exec(lower)
  if (fn) return `F${fn[1]}`
  throw new UnknownKeyError(name)
}

/** A key combination as Playwright's keyboard.press takes it: ["ctrl", "shift", "s"] → "Control+Shift+s". */
export function keyChord(keys: readonly string[]): string {
  if (keys.length === 0) throw new UnknownKeyError('')
  return keys.map(keyName).join('+')
}
