// Evaluated inside a rendered page by test/helpers/screens.ts: applies the variant (theme, hidden targets, scroll),
// then reads the ground truth. Boxes are device pixels in the screenshot; see test/screens/README.md.
async ({ theme, hide, scrollY, fonts }) => {
  await document.fonts.ready
  const canvas = document.createElement('canvas').getContext('2d')
  const width = (font) => {
    canvas.font = `32px ${font}`
    return canvas.measureText('Prénom Unité Œuvre 0123456789').width
  }
  // A missing family falls back to the generic one: same width with either fallback.
  const missingFonts = fonts.filter((f) => ['monospace', 'serif'].every((g) => width(`"${f}", ${g}`) === width(g)))

  document.documentElement.classList.toggle('theme-alt', theme === 'alt')
  for (const id of hide) {
    const el = document.querySelector(`[data-target="${id}"]`)
    if (!el) throw new Error(`no element with data-target="${id}"`)
    el.style.visibility = 'hidden'
  }
  window.scrollTo(0, scrollY)

  const dpr = window.devicePixelRatio
  const { clientWidth, clientHeight } = document.documentElement
  const shown = (el, r) => {
    if (r.width <= 0 || r.height <= 0 || getComputedStyle(el).visibility !== 'visible') return false
    if (r.left < 0 || r.top < 0 || r.right > clientWidth || r.bottom > clientHeight) return false
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
    return hit !== null && el.contains(hit)
  }
  const targets = {}
  const texts = {}
  for (const el of document.querySelectorAll('[data-target], [data-text-id]')) {
    const r = el.getBoundingClientRect()
    if (!shown(el, r)) continue
    if (el.dataset.target) {
      const x = Math.round(r.left * dpr)
      const y = Math.round(r.top * dpr)
      targets[el.dataset.target] = { x, y, width: Math.round(r.right * dpr) - x, height: Math.round(r.bottom * dpr) - y }
    }
    if (el.dataset.textId) texts[el.dataset.textId] = el.innerText.replace(/\s+/g, ' ').trim()
  }
  return { scrollY: window.scrollY, missingFonts, targets, texts }
}
