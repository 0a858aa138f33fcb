import type { Rect } from '@rpa-vision/contracts'

/**
 * The box an anchor is cut from, for a form field: the field with its label, so that look-alike text areas are told
 * apart by their labels, and placed so that its centre — where a replay clicks — falls inside the field. With the
 * label on the field's left, the box runs from the label to past the field's left edge, centred `inset` pixels into
 * the field; otherwise it is the field grown symmetrically around its centre until it holds the label.
 */
export function fieldAnchorBox(field: Rect, label: Rect | null, screen: { width: number; height: number }, margin = 6, inset = 24): Rect {
  if (!label) return elementAnchorBox(field, screen, margin)
  const cy = field.y + field.height / 2
  const halfH = Math.max(cy - Math.min(field.y, label.y) + margin, Math.max(field.y + field.height, label.y + label.height) + margin - cy)
  let cx: number
  let halfW: number
  if (label.x + label.width <= field.x + 1) {
    cx = field.x + Math.min(inset, field.width / 2)
    halfW = cx - (label.x - margin)
  } else {
    cx = field.x + field.width / 2
    halfW = Math.max(cx - Math.min(field.x, label.x) + margin, Math.max(field.x + field.width, label.x + label.width) + margin - cx)
  }
  const box = clip({ x: cx - halfW, y: cy - halfH, width: 2 * halfW, height: 2 * halfH }, screen)
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
  if (centre.x < field.x || centre.x > field.x + field.width || centre.y < field.y || centre.y > field.y + field.height) {
    throw new Error(`the anchor box ${JSON.stringify(box)} would be clicked outside its field ${JSON.stringify(field)}`)
  }
  return box
}

function clip(r: Rect, screen: { width: number; height: number }): Rect {
  const x = Math.max(0, Math.round(r.x))
  const y = Math.max(0, Math.round(r.y))
  const x2 = Math.min(screen.width, Math.round(r.x + r.width))
  const y2 = Math.min(screen.height, Math.round(r.y + r.height))
  return { x, y, width: x2 - x, height: y2 - y }
}

/** An element's own box, with a small margin of its surroundings (a button's edge is part of its picture). */
export function elementAnchorBox(el: Rect, screen: { width: number; height: number }, margin = 4): Rect {
  return clip({ x: el.x - margin, y: el.y - margin, width: el.width + 2 * margin, height: el.height + 2 * margin }, screen)
}
