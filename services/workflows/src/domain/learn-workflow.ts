import { AppError, BadRequestError, type AnchorInput, type LearnedWorkflowBody, type Rect } from '@rpa-vision/contracts'
import { decodeBase64Image, prepareImage, storeInspectedImage, type Db, type DbOrTx, type InspectedImage } from '@rpa-vision/db'
import type { JobClient } from '@rpa-vision/queue'
import { AMBIGUOUS, ambiguityWarning, contextNote, settleAnchorBox, type SettledBox } from './learn-ambiguity.js'
import { chooseAnchorBox, cropAnchor, type AnchorBox } from './learn-anchor.js'
import { OwnScreenChecks } from './learn-checks.js'
import { contextLadder } from './learn-context.js'
import { toLearnedGraph } from './learn-nodes.js'
import { storeRecordedSecrets } from './learn-secrets.js'
import { planLearnedSteps, type ClickAt, type LearnedStep } from './learn-steps.js'
import { LearnVision } from './learn-vision.js'
import { createWorkflow, prepareGraph, type Actor } from './workflow-store.js'

export interface LearnSettings {
  db: Db
  /** the vision queues; undefined when the service has no Redis */
  jobs: JobClient | undefined
  /** REPLAY_SECRET_KEY, to seal what was typed into password fields */
  secretKey: Buffer | undefined
  imageMaxPixels: number
  screenshotTtlMs: number
  /** how long the vision workers may take for the whole trace */
  timeoutMs: number
}

/** One click's anchor as learned: where, how it was chosen, what it reads. */
export interface LearnedAnchor {
  /** the control's own box (what its text is read in) */
  box: AnchorBox
  /** the box cut out: the control's, or a larger one around the click when the control has look-alikes */
  settled: SettledBox
  /** what the reviewer reads about its look-alikes */
  note: string | undefined
  image: Buffer
  screenshotSha256: string
  targetText: string | undefined
}

function clicksOf(steps: readonly LearnedStep[]): { click: ClickAt; secret: boolean }[] {
  return steps.flatMap((s) => (s.kind === 'click' ? [{ click: s.click, secret: false }] : s.kind === 'type' && s.click ? [{ click: s.click, secret: s.secret }] : []))
}

/** Every screenshot a click carries: decoded, checked against the recorded screen, before anything is stored. */
async function checkScreenshots(body: LearnedWorkflowBody, clicks: readonly ClickAt[], maxPixels: number): Promise<Map<number, InspectedImage>> {
  const { width, height } = body.screen
  const shots = new Map<number, InspectedImage>()
  for (const { event, index } of clicks) {
    if (event.x >= width || event.y >= height) {
      throw new BadRequestError(`events[${index}]: the click at (${event.x}, ${event.y}) lies outside the recorded screen ${width}×${height}`, 'INVALID_TRACE')
    }
    const field = `events[${index}].screenshot`
    const img = await prepareImage(decodeBase64Image(event.screenshot, field), { maxPixels, field })
    if (img.width !== width || img.height !== height) {
      throw new BadRequestError(`${field} is ${img.width}×${img.height}: a click's screenshot must be the whole recorded screen, ${width}×${height}`, 'INVALID_TRACE')
    }
    shots.set(index, img)
  }
  return shots
}

/**
 * The control under the click; when it looks like other places of its screenshot, a larger box centred on the click
 * that does not. Its text is the control's own, read while the look-alikes are searched (OCR'd text of a password
 * field is at best its dots: a secret's anchor is found by its picture and place).
 */
async function learnAnchor(vision: LearnVision, checks: OwnScreenChecks, body: LearnedWorkflowBody, click: ClickAt, shot: InspectedImage, secret: boolean): Promise<LearnedAnchor> {
  const { x, y } = click.event
  const elements = await vision.detect(shot.sha256)
  const box = chooseAnchorBox(x, y, elements, body.screen)
  const [text, settled] = await Promise.all([
    secret ? '' : vision.readText(shot.sha256, box.bbox),
    settleAnchorBox(box.bbox, contextLadder(x, y, box.bbox, body.screen), (b) => checks.check(shot, b)),
  ])
  const image = await cropAnchor(shot.bytes, settled.bbox)
  return { box, settled, note: contextNote(settled, box.bbox), image, screenshotSha256: shot.sha256, targetText: text ? text.slice(0, 500) : undefined }
}

function anchorInput(body: LearnedWorkflowBody, learned: LearnedAnchor): AnchorInput {
  const bbox: Rect = learned.settled.bbox
  return {
    image: learned.image.toString('base64'),
    bbox,
    screen: body.screen,
    ...(learned.targetText ? { target_text: learned.targetText } : {}),
    ...(learned.note ? { ocr_description: learned.note } : {}),
    screenshot_sha256: learned.screenshotSha256,
  }
}

/**
 * Learns a workflow from a recorded trace: steps from the events, an anchor per click cut by the vision workers (element
 * detection, OCR) from the screenshot taken before it, secrets sealed; then one transaction through the same creation
 * as any workflow (source learned, review pending). Any refusal or failure happens before that transaction: nothing is
 * half-written (the recorded screenshots stored for the workers are transient and expire).
 */
export interface Learned {
  id: string
  /** how the anchors' boxes were found: a detected control, or the fixed box around the click */
  boxes: Record<AnchorBox['method'], number>
  /** the anchors cut with context (their control had look-alikes), those still ambiguous, the searches run for them */
  lookAlikes: { context: number; ambiguous: number; searches: number; late: number }
  /** the nodes whose anchor still looks like other places: the reviewer's to check */
  ambiguousNodes: string[]
}

export async function learnWorkflow(settings: LearnSettings, body: LearnedWorkflowBody, actor: Actor): Promise<Learned> {
  const steps = planLearnedSteps(body.events)
  if (steps.length === 0) throw new BadRequestError('the trace holds no step to replay (only modifier keys, or typing erased again)', 'INVALID_TRACE')
  const key = settings.secretKey
  if (!key && steps.some((s) => s.kind === 'type' && s.secret)) {
    throw new AppError(503, 'SECRETS_UNAVAILABLE', 'the trace types into a password field, and the workflows service has no REPLAY_SECRET_KEY to keep the value encrypted; nothing was stored')
  }
  const clicks = clicksOf(steps)
  const shots = await checkScreenshots(body, clicks.map((c) => c.click), settings.imageMaxPixels)
  if (clicks.length > 0 && !settings.jobs) {
    throw new AppError(503, 'VISION_UNAVAILABLE', 'the workflows service has no Redis (REDIS_URL) to reach the vision workers that cut anchors; nothing was stored')
  }

  const anchors = new Map<number, LearnedAnchor>()
  let searches = 0
  if (clicks.length > 0) {
    for (const shot of new Map([...shots.values()].map((s) => [s.sha256, s])).values()) {
      await storeInspectedImage(settings.db, shot, settings.screenshotTtlMs)
    }
    const vision = new LearnVision(settings.jobs!, settings.timeoutMs)
    const checks = new OwnScreenChecks(settings.db, vision, { maxPixels: settings.imageMaxPixels, ttlMs: settings.screenshotTtlMs })
    try {
      const learned = await Promise.all(clicks.map(({ click, secret }) => learnAnchor(vision, checks, body, click, shots.get(click.index)!, secret)))
      clicks.forEach(({ click }, i) => anchors.set(click.index, learned[i]!))
    } catch (err) {
      await vision.withdraw()
      throw err
    }
    searches = checks.searches
  }

  const graph = toLearnedGraph(steps, (click) => anchorInput(body, anchors.get(click.index)!), (click) => ambiguityWarning(anchors.get(click.index)!.settled))
  const input = { name: body.name, description: body.description ?? null, nodes: graph.nodes, edges: graph.edges }
  const prepared = await prepareGraph(input, settings.imageMaxPixels)
  const sealSecrets = graph.secrets.length > 0 ? (tx: DbOrTx, id: string) => storeRecordedSecrets(tx, key!, id, graph.secrets) : undefined
  const id = await createWorkflow(settings.db, { ...input, source: 'learned' }, prepared, actor, sealSecrets)
  const boxes = { detected: 0, fixed: 0 }
  const lookAlikes = { context: 0, ambiguous: 0, searches, late: 0 }
  for (const a of anchors.values()) {
    boxes[a.box.method]++
    if (a.settled.outcome !== 'element') lookAlikes[a.settled.outcome]++
    if (a.settled.late) lookAlikes.late++
  }
  const ambiguousNodes = graph.nodes.filter((n) => n.anchor?.ocr_description?.startsWith(AMBIGUOUS)).map((n) => n.id)
  return { id, boxes, lookAlikes, ambiguousNodes }
}
