import t from 'tap'
import { ClassicalDetector, snapToElement } from '../src/detect/index.js'
import { centre, decodeGray, iou } from '../src/image.js'
import type { Rect } from '../src/types.js'
import { SCREEN_PAGES, closeScreens, renderScreen, variantsFor } from '../../../test/helpers/index.js'

t.teardown(closeScreens)
const detector = new ClassicalDetector()

/** Targets with a visible outline or fill: text buttons, icon buttons, inputs and selects, tabs. */
const CONTROL = /^(btn|tool|field|tab)-/
/** The last context-menu entry alone fills the section under the menu's divider, which therefore stands for it. */
const ABSORBED = new Set(['ctx-supprimer'])

const inside = (p: { x: number; y: number }, r: Rect) => p.x >= r.x && p.x < r.x + r.width && p.y >= r.y && p.y < r.y + r.height

for (const [variant, v] of Object.entries(variantsFor())) {
  t.test(`rendered screens, ${variant}: every control is found and its centre snaps to it, every text has an element on it`, async (t) => {
    for (const page of SCREEN_PAGES) {
      const screen = await renderScreen(page, v)
      const found = detector.detectGray(await decodeGray(screen.png))
      t.same(found.filter((f) => f.bbox.width >= 0.9 * screen.width && f.bbox.height >= 0.9 * screen.height), [], `${page}: no box spans the screen`)
      for (const [id, box] of Object.entries(screen.targets)) {
        if (CONTROL.test(id)) {
          const best = Math.max(0, ...found.map((f) => iou(f.bbox, box)))
          if (best < 0.7) t.fail(`${page} ${id}: best IoU ${best.toFixed(2)}`)
          const snapped = snapToElement(centre(box), found)
          if (!snapped || iou(snapped.bbox, box) < 0.7) t.fail(`${page} ${id}: its centre snaps to ${JSON.stringify(snapped?.bbox)}`)
        } else if (screen.texts[id] && !ABSORBED.has(id) && !found.some((f) => inside(centre(f.bbox), box))) {
          t.fail(`${page} ${id}: no element centred in the text`)
        }
      }
      t.pass(`${page}: ${found.length} elements`)
    }
  })
}
