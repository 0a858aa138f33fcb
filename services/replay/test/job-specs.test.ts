import t from 'tap'
import { jobForAction, placeRelative } from '../src/domain/job-specs.js'
import type { ActionRow } from '../src/domain/context.js'

const SHA = 'a'.repeat(64)
const session = { id: '00000000-0000-4000-8000-000000000001', variables: {}, screenScale: 1.25 }
const anchor = { image_sha256: SHA, bbox: { x: 110, y: 164, width: 668, height: 35 }, screen: { width: 1280, height: 800, scale: 1 } }

function extractRow(spec: Record<string, unknown>, resolution: unknown): ActionRow {
  return { spec: { variable: 'dossier', retries: 2, job_timeout_ms: 5000, ...spec }, resolution, jobId: 'rp_x_6_1', jobKind: 'extract', jobScreenshotSha256: SHA } as unknown as ActionRow
}

t.test('placeRelative: an area recorded below an anchor follows the anchor, moved and scaled', async (t) => {
  const area = { x: 110, y: 199, width: 668, height: 309 }
  t.same(placeRelative(area, anchor.bbox, anchor.bbox), area, 'found where recorded: the recorded area')
  t.same(placeRelative(area, anchor.bbox, { x: 50, y: 100, width: 668, height: 35 }), { x: 50, y: 135, width: 668, height: 309 }, 'moved')
  t.same(placeRelative(area, anchor.bbox, { x: 100, y: 205, width: 835, height: 44 }), { x: 100, y: 249, width: 835, height: 386 }, 'found 1.25× larger')
  t.same(placeRelative({ x: 0, y: 0, width: 10, height: 10 }, anchor.bbox, { x: 5, y: 5, width: 668, height: 35 }), { x: 0, y: 0, width: 10, height: 10 }, 'never negative')
})

t.test('extract_text jobs: the anchor area, an area placed from the anchor, or a fixed region', async (t) => {
  const found = { bbox: { x: 100, y: 205, width: 835, height: 44 } }
  const anchorOnly = jobForAction(session, extractRow({ anchor }, found))
  t.same(anchorOnly.payload, { image_sha256: SHA, region: found.bbox, timeout_ms: 5000 }, 'the found anchor is the area')

  const relative = jobForAction(session, extractRow({ anchor, region: { x: 110, y: 199, width: 668, height: 309 } }, found))
  t.same(relative.payload, { image_sha256: SHA, region: { x: 100, y: 249, width: 835, height: 386 }, clip: true, timeout_ms: 5000 },
    'the recorded area under the anchor, where the anchor is now; clipped to the screen by the worker')

  const fixed = jobForAction(session, extractRow({ region: { x: 1, y: 2, width: 3, height: 4 } }, null))
  t.same(fixed.payload, { image_sha256: SHA, region: { x: 1, y: 2, width: 3, height: 4 }, timeout_ms: 5000 }, 'no anchor: the region where it is')
  t.same(relative.opts.attempts, 3, 'retries as attempts')
})
