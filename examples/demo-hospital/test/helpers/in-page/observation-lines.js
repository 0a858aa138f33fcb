// Evaluated inside a record page by test/helpers/in-page.ts: the observation as a perfect OCR would read it, one
// line per rendered line, a blank line between paragraphs.
() => {
  const block = document.querySelector('[data-target=observation]')
  return [...block.querySelectorAll('p')]
    .map((p) => {
      const lines = []
      let top = Number.NaN
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT)
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        for (const m of n.textContent.matchAll(/\S+/g)) {
          const range = document.createRange()
          range.setStart(n, m.index)
          range.setEnd(n, m.index + m[0].length)
          const y = range.getBoundingClientRect().top
          if (Number.isNaN(top) || Math.abs(y - top) > 2) lines.push([])
          top = y
          lines.at(-1).push(m[0])
        }
      }
      return lines.map((words) => words.join(' ')).join('\n')
    })
    .join('\n\n')
}
