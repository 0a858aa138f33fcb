/** X11 keysyms for typing characters (X11 keysymdef.h: Latin-1 keysyms are their code points; others 0x01000000 + U). */

export const NO_SYMBOL = 0
export const XK_SHIFT_L = 0xffe1
export const XK_SHIFT_R = 0xffe2

const CONTROL: Record<string, number> = {
  '\n': 0xff0d, // Return
  '\r': 0xff0d,
  '\t': 0xff09, // Tab
  '\b': 0xff08, // BackSpace
}

/** Characters whose keysym on common keymaps predates the Unicode range (French œ/Œ/Ÿ, €). */
const LEGACY: Record<string, number> = {
  'œ': 0x13bd,
  'Œ': 0x13bc,
  'Ÿ': 0x13be,
  '€': 0x20ac,
}

/** The keysyms that type `ch`, best first (a keymap may hold any of them). */
export function keysymsFor(ch: string): number[] {
  const control = CONTROL[ch]
  if (control !== undefined) return [control]
  const cp = ch.codePointAt(0)
  if (cp === undefined) return []
  if ((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff)) return [cp]
  const legacy = LEGACY[ch]
  return legacy !== undefined ? [legacy, 0x01000000 + cp] : [0x01000000 + cp]
}

/** The upper-case keysym X implies for a keycode whose second column is empty (Latin-1 letters only). */
export function impliedUpper(keysym: number): number {
  const isLower = (keysym >= 0x61 && keysym <= 0x7a) || (keysym >= 0xe0 && keysym <= 0xfe && keysym !== 0xf7)
  return isLower ? keysym - 0x20 : NO_SYMBOL
}
