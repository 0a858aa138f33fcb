import { BadRequestError, MODIFIERS, type LearnedClickEvent, type LearnedEvent, type LearnedKeyEvent, type Modifier } from '@rpa-vision/contracts'

/** A recorded click and its place in the trace (`events[index]`). */
export interface ClickAt {
  event: LearnedClickEvent
  index: number
}

/** What a recorded trace amounts to, before any anchor is cut: one step per workflow node. */
export type LearnedStep =
  | { kind: 'click'; click: ClickAt }
  | {
      kind: 'type'
      text: string
      secret: boolean
      fieldName: string | undefined
      /** the click that gave the field its focus, when the typing followed it at once: the step's anchor */
      click: ClickAt | undefined
    }
  | { kind: 'hotkey'; keys: string[] }
  | { kind: 'scroll'; dx: number; dy: number }

/** Keys that only change what other keys do; pressed alone they are no step. */
const MODIFIER_KEYS = new Set(['Control', 'Shift', 'Alt', 'AltGraph', 'Meta', 'OS', 'Super', 'Hyper', 'Fn', 'FnLock', 'CapsLock', 'NumLock', 'ScrollLock', 'Symbol', 'SymbolLock'])
/** Keys a recorder may report during composition (IME, dead keys): the character comes later, as its own key. */
const COMPOSING_KEYS = new Set(['Dead', 'Unidentified', 'Process', 'Compose'])
const COMMAND_MODIFIERS: readonly Modifier[] = ['ctrl', 'alt', 'meta']
const CONTROL_CHARACTER = /\p{Cc}/u

function modifiersOf(ev: LearnedKeyEvent): Modifier[] {
  const held = new Set(ev.modifiers ?? [])
  return MODIFIERS.filter((m) => held.has(m))
}

/** A character typed as text: one with no ctrl/alt/meta held (shift is part of typing). */
function typedText(ev: LearnedKeyEvent): string | undefined {
  if (!ev.text || CONTROL_CHARACTER.test(ev.text)) return undefined
  return modifiersOf(ev).some((m) => COMMAND_MODIFIERS.includes(m)) ? undefined : ev.text
}

/** The key as a hotkey names it: lower-case DOM names ("enter", "arrowdown", "f5"), "space" for the space bar. */
function hotkeyName(key: string): string {
  if (key === ' ' || key === 'Spacebar') return 'space'
  return key.toLowerCase()
}

function isBackspace(ev: LearnedKeyEvent): boolean {
  return ev.key === 'Backspace' && modifiersOf(ev).every((m) => m === 'shift')
}

interface TypedRun {
  chars: string[]
  secret: boolean
  fieldName: string | undefined
  click: ClickAt | undefined
}

/**
 * Turns a trace into steps, in order:
 * - a click is a click step, unless typing follows it at once: then it is the anchor of that typing;
 * - consecutive printable keys (shift allowed, no ctrl/alt/meta) into the same field make one typed run, Backspace
 *   editing it; a run typed into a password field (`secret`) is kept apart, for a type_secret step;
 * - any other key (Enter, Tab, Escape, arrows, a chord with ctrl/alt/meta, Backspace with nothing typed) is a hotkey;
 * - consecutive scrolls add up into one scroll.
 */
export function planLearnedSteps(events: readonly LearnedEvent[]): LearnedStep[] {
  const steps: LearnedStep[] = []
  let pendingClick: ClickAt | undefined
  let run: TypedRun | undefined
  let scroll: Extract<LearnedStep, { kind: 'scroll' }> | undefined

  const flushClick = () => {
    if (pendingClick) steps.push({ kind: 'click', click: pendingClick })
    pendingClick = undefined
  }
  const flushRun = () => {
    if (!run) return
    const { chars, ...rest } = run
    if (chars.length > 0) steps.push({ kind: 'type', text: chars.join(''), ...rest })
    else if (rest.click) steps.push({ kind: 'click', click: rest.click })
    run = undefined
  }
  const flushScroll = () => {
    if (scroll) steps.push(scroll)
    scroll = undefined
  }
  const flush = () => {
    flushClick()
    flushRun()
    flushScroll()
  }

  events.forEach((ev, i) => {
    if (ev.type === 'click') {
      if (ev.button === 'middle') {
        throw new BadRequestError(`events[${i}] is a middle click: no workflow step replays one (record left or right clicks)`, 'INVALID_TRACE')
      }
      flush()
      pendingClick = { event: ev, index: i }
      return
    }
    if (ev.type === 'scroll') {
      flushClick()
      flushRun()
      if (scroll) {
        scroll.dx += ev.dx
        scroll.dy += ev.dy
      } else scroll = { kind: 'scroll', dx: ev.dx, dy: ev.dy }
      return
    }
    if (MODIFIER_KEYS.has(ev.key) || COMPOSING_KEYS.has(ev.key)) return
    const text = typedText(ev)
    if (text !== undefined) {
      const secret = ev.secret === true
      if (run && (run.secret !== secret || run.fieldName !== ev.field_name)) flushRun()
      flushScroll()
      if (!run) {
        run = { chars: [], secret, fieldName: ev.field_name, click: pendingClick }
        pendingClick = undefined
      }
      run.chars.push(text)
      return
    }
    if (isBackspace(ev) && run && run.chars.length > 0) {
      run.chars.pop()
      return
    }
    flush()
    steps.push({ kind: 'hotkey', keys: [...modifiersOf(ev), hotkeyName(ev.key)] })
  })
  flush()
  return steps
}
