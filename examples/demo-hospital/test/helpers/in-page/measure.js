// Evaluated inside a demo page by test/helpers/in-page.ts: the boxes (CSS px, viewport coordinates) of the
// data-targets laid out and visible, text set under 15 px, the scroll state and the fonts.
() => {
  const boxes = {}
  for (const el of document.querySelectorAll('[data-target]')) {
    const r = el.getBoundingClientRect()
    if (r.width > 0 && r.height > 0 && getComputedStyle(el).visibility === 'visible') {
      boxes[el.dataset.target] = { x: r.x, y: r.y, width: r.width, height: r.height }
    }
  }
  const small = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentElement
    if (!n.textContent.trim() || parent.closest('script, style')) continue
    if (parseFloat(getComputedStyle(parent).fontSize) < 15) small.push(n.textContent.trim())
  }
  const root = document.scrollingElement
  return {
    boxes,
    small,
    scroll: { x: window.scrollX, y: window.scrollY, width: root.scrollWidth, height: root.scrollHeight },
    fonts: document.fonts.check('16px "Liberation Sans"'),
    family: getComputedStyle(document.body).fontFamily,
  }
}
