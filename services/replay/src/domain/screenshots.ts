import type { Principal } from '@rpa-vision/contracts'
import { decodeBase64Image, prepareImage, storeInspectedImageOn, type InspectedImage } from '@rpa-vision/db'
import { checkSessionAccess } from './access.js'
import type { ReplayContext, SessionRow } from './context.js'
import type { Effects } from './effects.js'
import { loadAction, updateSession, withSession, type Tx } from './session-lock.js'
import { startWork } from './transitions.js'

/** Decoded and checked before any transaction: a bad image is refused with 400 and changes nothing. */
export function prepareScreenshot(ctx: ReplayContext, base64: string): Promise<InspectedImage> {
  return prepareImage(decodeBase64Image(base64, 'screenshot'), { maxPixels: ctx.settings.imageMaxPixels, field: 'screenshot' })
}

/** Stores the image by hash (once), makes it the session's newest, and starts the resolve that was waiting for it. */
export async function takeScreenshot(
  ctx: ReplayContext, tx: Tx, session: SessionRow, image: InspectedImage, screenScale: number | undefined, fx: Effects,
  opts: { startWaitingWork: boolean } = { startWaitingWork: true },
): Promise<void> {
  await storeInspectedImageOn(tx.client, image, ctx.settings.screenshotTtlMs)
  await updateSession(tx, session, {
    screenshotSha256: image.sha256,
    screenshotNo: session.screenshotNo + 1,
    ...(screenScale !== undefined ? { screenScale } : {}),
  })
  if (!opts.startWaitingWork || session.status !== 'running' || session.cursor > session.planLength) return
  const current = await loadAction(tx, session.id, session.cursor)
  if (current) await startWork(ctx, tx, session, current, fx)
}

export async function receivePollScreenshot(
  ctx: ReplayContext, principal: Principal, sessionId: string, agentId: string, image: InspectedImage, screenScale: number | undefined,
): Promise<void> {
  await withSession(ctx, sessionId, async (tx, session, fx) => {
    checkSessionAccess(principal, session, agentId)
    if (session.status !== 'running') return
    await takeScreenshot(ctx, tx, session, image, screenScale, fx)
  })
}
