import type { Key } from '@nut-tree-fork/nut-js'

/** A member of nut-js's Key enum, by name (so this table needs no native module to load). */
export type NutKeyName = keyof typeof Key

const NAMED: Record<string, NutKeyName> = {
  ctrl: 'LeftControl',
  control: 'LeftControl',
  alt: 'LeftAlt',
  option: 'LeftAlt',
  altgr: 'RightAlt',
  shift: 'LeftShift',
  meta: 'LeftSuper',
  cmd: 'LeftSuper',
  command: 'LeftSuper',
  win: 'LeftSuper',
  super: 'LeftSuper',
  enter: 'Enter',
  return: 'Enter',
  tab: 'Tab',
  escape: 'Escape',
  esc: 'Escape',
  backspace: 'Backspace',
  delete: 'Delete',
  del: 'Delete',
  insert: 'Insert',
  up: 'Up',
  down: 'Down',
  left: 'Left',
  right: 'Right',
  arrowup: 'Up',
  arrowdown: 'Down',
  arrowleft: 'Left',
  arrowright: 'Right',
  home: 'Home',
  end: 'End',
  pageup: 'PageUp',
  pagedown: 'PageDown',
  space: 'Space',
  ' ': 'Space',
  capslock: 'CapsLock',
  printscreen: 'Print',
  menu: 'Menu',
  '-': 'Minus',
  minus: 'Minus',
  '=': 'Equal',
  equal: 'Equal',
  ',': 'Comma',
  comma: 'Comma',
  '.': 'Period',
  period: 'Period',
  '/': 'Slash',
  slash: 'Slash',
  '\\': 'Backslash',
  backslash: 'Backslash',
  ';': 'Semicolon',
  semicolon: 'Semicolon',
  "'": 'Quote',
  quote: 'Quote',
  '[': 'LeftBracket',
  ']': 'RightBracket',
  '`': 'Grave',
}

/**
 * Our key names (case-insensitive: ctrl, alt, shift, meta/cmd/win, enter, tab, escape, backspace, delete, arrows,
 * home, end, pageup, pagedown, f1–f24, space, a–z, 0–9 and the US punctuation keys) → nut-js Key names.
 * Throws on a name it does not know rather than pressing something else.
 */
export function nutKeyName(name: string): NutKeyName {
  const k = name.length === 1 ? name.toLowerCase() : name.trim().toLowerCase()
  const named = NAMED[k]
  if (named) return named
  if (/^[a-z]$/.test(k)) return k.toUpperCase() as NutKeyName
  if (/^[0-9]$/.test(k)) return `Num${k}` as NutKeyName
  const f = /^f([1-9]|1[0-9]|2[0-4])$/.exec(k)
  if (f) return `F${f[1]}` as NutKeyName
  throw new Error(`unknown key name ${JSON.stringify(name)}`)
}
