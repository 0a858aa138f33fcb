import type { DeliveredAction } from '@rpa-vision/contracts'
import type { ScreenDriver } from '../screen-driver.js'
import { AgentAborted, sleep } from './sleep.js'
import type { ActionOutcome } from './state-store.js'

/** ResultBody.error's bound */
const MAX_ERROR_CHARS = 4000
const MASK = '••••••'

/** The driver's error as a result's `error`, without the text that was being typed (a secret, or patient data). */
function errorText(err: unknown, action: DeliveredAction): string {
  let message = err instanceof Error ? err.message : String(err)
  if (action.text) message = message.split(action.text).join(MASK)
  return message.slice(0, MAX_ERROR_CHARS) || 'the driver failed without a message'
}

async function act(driver: ScreenDriver, action: DeliveredAction, signal: AbortSignal | undefined): Promise<void> {
  switch (action.type) {
    case 'click':
      if (action.x === undefined || action.y === undefined) throw new Error('a click action came without x and y')
      return driver.click(action.x, action.y, { button: action.button ?? 'left', clicks: action.clicks ?? 1 })
    case 'type':
      return driver.type(action.text ?? '')
    case 'hotkey':
      if (!action.keys?.length) throw new Error('a hotkey action came without keys')
      return driver.hotkey(action.keys)
    case 'scroll':
      return driver.scroll(action.dx ?? 0, action.dy ?? 0, action.x !== undefined && action.y !== undefined ? { x: action.x, y: action.y } : undefined)
    case 'wait':
      return sleep(action.ms ?? 0, signal)
    default:
      // a kind added to the protocol after this agent was written: refusing it beats guessing
      throw new Error(`this agent cannot perform a "${String(action.type)}" action`)
  }
}

/**
 * Performs one action on the screen. A driver failure becomes a failed outcome; a stop during a `wait` cuts the
 * wait short (nothing was touched, so it counts as done); nothing else is interrupted half-way.
 */
export async function performAction(driver: ScreenDriver, action: DeliveredAction, signal?: AbortSignal): Promise<ActionOutcome> {
  try {
    await act(driver, action, signal)
    return { status: 'ok' }
  } catch (err) {
    if (err instanceof AgentAborted) return { status: 'ok' }
    return { status: 'failed', error: errorText(err, action) }
  }
}

/** How an action is described in logs and reports: never the text it types. */
export function describeAction(action: Pick<DeliveredAction, 'type' | 'x' | 'y' | 'text' | 'keys' | 'dx' | 'dy' | 'ms' | 'button' | 'clicks' | 'secret'>): string {
  switch (action.type) {
    case 'click':
      return `click ${action.button ?? 'left'}${(action.clicks ?? 1) > 1 ? ` ×${action.clicks}` : ''} at ${action.x},${action.y}`
    case 'type':
      return action.secret ? 'type (secret)' : `type (${[...(action.text ?? '')].length} characters)`
    case 'hotkey':
      return `hotkey ${(action.keys ?? []).join('+')}`
    case 'scroll':
      return `scroll ${action.dx ?? 0},${action.dy ?? 0}${action.x !== undefined ? ` at ${action.x},${action.y}` : ''}`
    case 'wait':
      return `wait ${action.ms ?? 0} ms`
    default:
      return String(action.type)
  }
}
