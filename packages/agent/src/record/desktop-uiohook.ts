import { createRequire } from 'node:module'
import type { uIOhook } from 'uiohook-napi'
import { x11DisplayProblem } from '../drivers/desktop-display.js'
import { x11HasExtension } from '../drivers/desktop-x11.js'
import { DesktopUnavailableError, describe } from '../drivers/desktop-nut.js'

export type Uiohook = typeof uIOhook
export type { UiohookKeyboardEvent, UiohookMouseEvent, UiohookWheelEvent } from 'uiohook-napi'

let hook: Uiohook | undefined

/**
 * uiohook-napi's global input hook, loaded on first use (its native module loads with the package): on X11 it reads
 * the server's input through the RECORD extension, on Windows a low-level hook, on macOS an event tap (which needs
 * the Accessibility permission).
 */
export async function loadUiohook(): Promise<Uiohook> {
  if (hook) return hook
  const problem = await x11DisplayProblem()
  if (problem) throw new DesktopUnavailableError(problem)
  if (process.platform === 'linux' && !(await x11HasExtension('RECORD').catch(() => true))) {
    // uiohook-napi would abort the process (SIGABRT) instead of throwing its UIOHOOK_ERROR_X_RECORD_NOT_FOUND
    throw new DesktopUnavailableError(`the X server ${process.env.DISPLAY} has no RECORD extension, which the input hook needs (Xorg/Xvfb: +extension RECORD)`)
  }
  try {
    hook = (createRequire(import.meta.url)('uiohook-napi') as { uIOhook: Uiohook }).uIOhook
  } catch (e) {
    throw new DesktopUnavailableError(`uiohook-napi could not load its native module (${describe(e)})`, { cause: e })
  }
  return hook
}

/** Starts the hook, with uiohook's own reason when it cannot (e.g. "Unable to locate XRecord extension."). */
export function startHook(h: Uiohook): void {
  try {
    h.start()
  } catch (e) {
    const code = (e as { code?: unknown }).code
    throw new DesktopUnavailableError(`the input hook did not start (${typeof code === 'string' ? `${code}: ` : ''}${describe(e)})`, { cause: e })
  }
}
