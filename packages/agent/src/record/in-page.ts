/** What the page reports to the recorder, in CSS pixels and the page's clock (Date.now()), tagged with its document. */
export type PageInput = { doc: string } & (
  | { kind: 'pointer'; button: 'left' | 'right'; x: number; y: number; at: number }
  | { kind: 'key'; key: string; text?: string; modifiers: ('ctrl' | 'alt' | 'shift' | 'meta')[]; secret: boolean; field_name?: string; at: number }
  | { kind: 'wheel'; x: number; y: number; dx: number; dy: number; deltaMode: number; at: number }
)

/** What the current document has sent when it is told to stop. */
export interface PageSent {
  doc: string
  sent: number
}

/**
 * The listeners, as source: Playwright sends a function to the page as its text, and a TypeScript loader may add
 * helpers to a compiled function that do not exist there. Capture phase on the window, so that a page stopping
 * propagation hides nothing; the user's own input only (isTrusted); main frame only (an iframe's coordinates are its
 * own); IME composition and modifier keys pressed alone skipped (neither is a character typed nor a chord).
 */
const LISTENERS = String.raw`(binding) => {
  const stateKey = binding + '_state'
  if (window !== window.top || window[stateKey]) return
  const status = { on: true, doc: Math.random().toString(36).slice(2), sent: 0 }
  window[stateKey] = status
  const send = (input) => {
    if (!status.on) return
    status.sent++
    input.doc = status.doc
    window[binding](input)
  }
  const isField = (el) => el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement
  const fieldName = (el) => {
    if (!isField(el)) return undefined
    const label = el.labels && el.labels[0] ? el.labels[0].textContent : ''
    const name = el.name || el.id || label || el.getAttribute('aria-label') || el.getAttribute('placeholder') || ''
    return name.replace(/\s+/g, ' ').trim().slice(0, 64) || undefined
  }
  window.addEventListener('pointerdown', (e) => {
    if (!e.isTrusted || !e.isPrimary || (e.button !== 0 && e.button !== 2)) return
    send({ kind: 'pointer', button: e.button === 2 ? 'right' : 'left', x: e.clientX, y: e.clientY, at: Date.now() })
  }, true)
  const modifierKeys = new Set(['Control', 'Shift', 'Alt', 'AltGraph', 'Meta', 'OS', 'CapsLock', 'NumLock', 'Fn'])
  window.addEventListener('keydown', (e) => {
    if (!e.isTrusted || e.isComposing || e.keyCode === 229 || modifierKeys.has(e.key)) return
    const altGraph = e.getModifierState('AltGraph')
    const modifiers = []
    if (e.ctrlKey && !altGraph) modifiers.push('ctrl')
    if (e.altKey && !altGraph) modifiers.push('alt')
    if (e.shiftKey) modifiers.push('shift')
    if (e.metaKey) modifiers.push('meta')
    const target = e.composedPath()[0] || e.target
    const input = { kind: 'key', key: e.key, modifiers, secret: target instanceof HTMLInputElement && target.type === 'password', at: Date.now() }
    if ([...e.key].length === 1) input.text = e.key
    const field = fieldName(target)
    if (field) input.field_name = field
    send(input)
  }, true)
  window.addEventListener('wheel', (e) => {
    if (!e.isTrusted) return
    send({ kind: 'wheel', x: e.clientX, y: e.clientY, dx: e.deltaX, dy: e.deltaY, deltaMode: e.deltaMode, at: Date.now() })
  }, { capture: true, passive: true })
}`

/** The script that installs the listeners, calling `binding` (a function Playwright exposes to the page). */
export function listenerScript(binding: string): string {
  return `(${LISTENERS})(${JSON.stringify(binding)})`
}

/** Stops the listeners of the current document; evaluates to what it sent (a PageSent), or null. */
export function stopScript(binding: string): string {
  return `(() => { const s = window[${JSON.stringify(`${binding}_state`)}]; if (!s) return null; s.on = false; return { doc: s.doc, sent: s.sent } })()`
}
