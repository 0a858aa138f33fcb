/**
 * uiohook key codes (set-1 scan codes, the same on every OS: they name a key's place, not its character) → DOM key
 * names and the character typed. Which character a place types is the keyboard layout's business, which uiohook does
 * not report: the layout is given (US QWERTY or French AZERTY). Caps Lock and Num Lock states are not known either:
 * letters follow Shift alone, and the numeric keypad is taken to type digits.
 */
export type KeyboardLayout = 'us' | 'fr'

export interface MappedKey {
  /** DOM KeyboardEvent.key */
  key: string
  /** the printable character, when the key types one */
  text?: string
}

/** Keys that only modify others: not steps of their own. */
export const MODIFIER_KEYCODES: ReadonlySet<number> = new Set([0x001d, 0x0e1d, 0x0038, 0x0e38, 0x002a, 0x0036, 0x0e5b, 0x0e5c])

const NAMED: Record<number, string> = {
  0x0001: 'Escape', 0x000e: 'Backspace', 0x000f: 'Tab', 0x001c: 'Enter', 0x0e1c: 'Enter', 0x003a: 'CapsLock',
  0x0e49: 'PageUp', 0x0e51: 'PageDown', 0x0e4f: 'End', 0x0e47: 'Home',
  0xe04b: 'ArrowLeft', 0xe048: 'ArrowUp', 0xe04d: 'ArrowRight', 0xe050: 'ArrowDown', 0x0e52: 'Insert', 0x0e53: 'Delete',
  // the numeric keypad with Num Lock off
  0xee4f: 'End', 0xee50: 'ArrowDown', 0xee51: 'PageDown', 0xee4b: 'ArrowLeft', 0xee4d: 'ArrowRight', 0xee47: 'Home',
  0xee48: 'ArrowUp', 0xee49: 'PageUp', 0xee52: 'Insert', 0xee53: 'Delete',
  0x0045: 'NumLock', 0x0046: 'ScrollLock', 0x0e37: 'PrintScreen', 0x0e5d: 'ContextMenu',
}

/** F1–F24 */
const FUNCTION: number[] = [0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x41, 0x42, 0x43, 0x44, 0x57, 0x58, 0x5b, 0x5c, 0x5d, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b]

/** The numeric keypad with Num Lock on: the same on every layout. */
const KEYPAD: Record<number, string> = {
  0x0052: '0', 0x004f: '1', 0x0050: '2', 0x0051: '3', 0x004b: '4', 0x004c: '5', 0x004d: '6', 0x0047: '7', 0x0048: '8', 0x0049: '9',
  0x0037: '*', 0x004e: '+', 0x004a: '-', 0x0053: '.', 0x0e35: '/',
}

/** Scan codes of the character keys, row by row, left to right. */
const ROWS: number[][] = [
  [0x29, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d],
  [0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b],
  [0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x2b],
  [0x0e56, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35],
]

/**
 * What each character key types, plain then with Shift, in ROWS order; '' for nothing, a leading '¤' for a dead key
 * (it types nothing by itself: DOM key "Dead").
 */
const LAYOUTS: Record<KeyboardLayout, [string, string][][]> = {
  us: [
    pairs('`1234567890-=', '~!@#$%^&*()_+'),
    pairs('qwertyuiop[]', 'QWERTYUIOP{}'),
    pairs("asdfghjkl;'\\", 'ASDFGHJKL:"|'),
    pairs('\\zxcvbnm,./', '|ZXCVBNM<>?'),
  ],
  fr: [
    pairs('²&é"\'(-è_çà)=', '²1234567890°+'),
    [...pairs('azertyuiop', 'AZERTYUIOP'), ['¤^', '¤¨'], ['$', '£']],
    pairs('qsdfghjklmù*', 'QSDFGHJKLM%µ'),
    pairs('<wxcvbn,;:!', '>WXCVBN?./§'),
  ],
}

function pairs(plain: string, shifted: string): [string, string][] {
  const p = [...plain]
  const s = [...shifted]
  return p.map((c, i) => [c, s[i] ?? ''])
}

const TABLES = new Map<KeyboardLayout, Map<number, [string, string]>>()

function table(layout: KeyboardLayout): Map<number, [string, string]> {
  let t = TABLES.get(layout)
  if (!t) {
    t = new Map()
    const rows = LAYOUTS[layout]
    ROWS.forEach((codes, r) => codes.forEach((code, i) => {
      const chars = rows[r]?.[i]
      if (chars) t!.set(code, chars)
    }))
    TABLES.set(layout, t)
  }
  return t
}

/** The DOM key and character of a key press; undefined for a key code this table does not know. */
export function mapKey(keycode: number, shift: boolean, layout: KeyboardLayout = 'us'): MappedKey | undefined {
  const named = NAMED[keycode]
  if (named) return { key: named }
  const fn = FUNCTION.indexOf(keycode)
  if (fn >= 0) return { key: `F${fn + 1}` }
  if (keycode === 0x0039) return { key: ' ', text: ' ' }
  const pad = KEYPAD[keycode]
  if (pad) return { key: pad, text: pad }
  const chars = table(layout).get(keycode)
  if (!chars) return undefined
  const ch = (shift ? chars[1] : chars[0]) || chars[0]
  if (ch.startsWith('¤')) return { key: 'Dead' }
  return { key: ch, text: ch }
}
