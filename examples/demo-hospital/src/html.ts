import { STYLES } from './styles.js'

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

/** Tagged template that escapes every interpolated value except the Html fragments it is given. */
export class Html {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html
  }
}

type Part = string | number | Html | readonly Html[]

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!
  values.forEach((v, i) => {
    if (v instanceof Html) out += v.html
    else if (Array.isArray(v)) out += v.map((h: Html) => h.html).join('')
    else out += escapeHtml(String(v))
    out += strings[i + 1]!
  })
  return new Html(out)
}

export interface PageOptions {
  title: string
  main: Html
  /** when > 0, the main content stays hidden until this many ms after the page's load event */
  slowMs: number
}

/** A whole page: the top bar, then the main content (hidden at first in slow mode). */
export function renderPage({ title, main, slowMs }: PageOptions): string {
  const slow = slowMs > 0
  const reveal = slow
    ? html`<script>window.addEventListener('load', function () { setTimeout(function () { document.getElementById('content').removeAttribute('data-loading') }, ${slowMs}) })</script>`
    : html``
  return html`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>${title} — DPI Urgences</title>
<link rel="icon" href="data:,">
<style>${new Html(STYLES)}</style>
</head>
<body>
<header class="topbar" data-target="topbar">
  <a class="brand" href="/">Centre hospitalier de Valmont — DPI Urgences</a>
  <span class="user">Dr C. Martin · Urgences adultes</span>
</header>
<main id="content" class="container"${slow ? html` data-loading` : html``}>
${main}
</main>
${reveal}
</body>
</html>
`.html
}
