import { DesktopUnavailableError, recordDesktop, type KeyboardLayout } from '@rpa-vision/agent'
import type { LearnedTrace } from '@rpa-vision/contracts'
import { CliError } from '../command.js'

export interface DesktopRecordingOptions {
  /** the keyboard layout the user types on */
  layout: KeyboardLayout
  /** ends the recording; its reason is the signal's name when one stopped it (stopOnSignals) */
  signal: AbortSignal
  /** called once the input hook listens: what is done from then on is recorded */
  onRecording?: () => unknown
}

/**
 * Records the whole screen (recordDesktop: a global input hook, the screen grabbed as it goes) until the signal fires.
 * Where the desktop cannot be recorded: CliError DRIVER_UNAVAILABLE with the reason.
 */
export async function recordOnDesktop(opts: DesktopRecordingOptions): Promise<LearnedTrace> {
  let recording
  try {
    recording = await recordDesktop({ layout: opts.layout })
  } catch (e) {
    if (e instanceof DesktopUnavailableError) throw new CliError('DRIVER_UNAVAILABLE', e.reason)
    throw e
  }
  let trace: LearnedTrace
  try {
    await opts.onRecording?.()
    await new Promise<void>((resolve) => {
      if (opts.signal.aborted) resolve()
      else opts.signal.addEventListener('abort', () => resolve(), { once: true })
    })
  } finally {
    trace = await recording.stop()
  }
  return opts.signal.reason === 'SIGINT' ? withoutStopChord(trace) : trace
}

/**
 * The hook hears everything typed on the screen, the Ctrl-C that ends the recording in a terminal on it included
 * (when it comes in before the signal): that one is not a step of the routine.
 */
export function withoutStopChord(trace: LearnedTrace): LearnedTrace {
  const last = trace.events.at(-1)
  const stop = last?.type === 'key' && last.key.toLowerCase() === 'c' && last.modifiers?.length === 1 && last.modifiers[0] === 'ctrl'
  return stop ? { ...trace, events: trace.events.slice(0, -1) } : trace
}
