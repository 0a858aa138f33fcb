import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Rect, VisionResolvePayload, VisionResolveResult } from '@rpa-vision/contracts'

/** Where the page's targets are, in CSS pixels; the page is laid out from this table. */
export const TARGETS: Record<string, { id: string; tag: 'button' | 'input' | 'password'; rect: Rect }> = {
  Ouvrir: { id: 'open', tag: 'button', rect: { x: 40, y: 40, width: 120, height: 36 } },
  Valider: { id: 'valider', tag: 'button', rect: { x: 320, y: 40, width: 120, height: 36 } },
  Annuler: { id: 'annuler', tag: 'button', rect: { x: 460, y: 40, width: 120, height: 36 } },
  IPP: { id: 'ipp', tag: 'input', rect: { x: 40, y: 120, width: 240, height: 30 } },
  'Mot de passe': { id: 'pwd', tag: 'password', rect: { x: 40, y: 200, width: 240, height: 30 } },
}

export const VIEWPORT = { width: 1200, height: 760 }

function element(name: string): string {
  const { id, tag, rect } = TARGETS[name]!
  const style = `position:absolute;left:${rect.x}px;top:${rect.y}px;width:${rect.width}px;height:${rect.height}px;box-sizing:border-box`
  if (tag === 'button') return `<button id="${id}" style="${style}">${name}</button>`
  return `<input id="${id}" type="${tag === 'password' ? 'password' : 'text'}" autocomplete="off" aria-label="${name}" style="${style}">`
}

/** Every click (with the element under it), chord and field change is posted to /events; a password only by its length. */
const PAGE = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Dossier patient</title></head>
<body style="margin:0;height:2000px;font:14px sans-serif">
${Object.keys(TARGETS).map(element).join('\n')}
<script>
  const post = (e) => fetch('/events', { method: 'POST', body: JSON.stringify(e), keepalive: true })
  document.addEventListener('click', (e) => post({ kind: 'click', target: e.target.id || e.target.tagName.toLowerCase(), detail: e.detail }))
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.altKey || e.metaKey) {
      if (['Control', 'Alt', 'Meta', 'Shift'].includes(e.key)) return
      e.preventDefault()
      post({ kind: 'key', chord: (e.ctrlKey ? 'Control+' : '') + (e.altKey ? 'Alt+' : '') + (e.metaKey ? 'Meta+' : '') + e.key })
    }
  })
  document.addEventListener('input', (e) => post(e.target.type === 'password'
    ? { kind: 'value', target: e.target.id, length: e.target.value.length }
    : { kind: 'value', target: e.target.id, value: e.target.value }))
  document.addEventListener('wheel', () => post({ kind: 'wheel' }), { passive: true })
</script></body></html>`

export interface PageEvent {
  kind: 'click' | 'key' | 'value' | 'wheel'
  target?: string
  detail?: number
  chord?: string
  value?: string
  length?: number
}

export interface TestPage {
  url: string
  events: PageEvent[]
  clicks(): string[]
  chords(): string[]
  /** the longest value a field had (typed once: the whole text; typed twice: longer) */
  longestValue(target: string): string | number | undefined
  close(): Promise<void>
}

async function readJson(req: IncomingMessage): Promise<PageEvent> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as PageEvent
}

/** The page on a local port, gathering what it receives (across every browser that opens it). */
export async function startTestPage(onEvent?: (e: PageEvent) => void): Promise<TestPage> {
  const events: PageEvent[] = []
  const server = createServer(async (req, res) => {
    if (req.method === 'POST' && req.url === '/events') {
      const e = await readJson(req)
      events.push(e)
      onEvent?.(e)
      res.writeHead(204).end()
      return
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    events,
    clicks: () => events.filter((e) => e.kind === 'click').map((e) => `${e.target}${e.detail && e.detail > 1 ? ` ×${e.detail}` : ''}`),
    chords: () => events.filter((e) => e.kind === 'key').map((e) => e.chord!),
    longestValue(target) {
      let best: string | number | undefined
      for (const e of events) {
        if (e.kind !== 'value' || e.target !== target) continue
        const v = e.value ?? e.length!
        const size = typeof v === 'string' ? v.length : v
        const bestSize = typeof best === 'string' ? best.length : best ?? -1
        if (size > bestSize) best = v
      }
      return best
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

/** A scripted vision.resolve that finds each anchor's target_text where the page draws it, in device pixels. */
export function pageResolver(scale: number) {
  return (data: VisionResolvePayload): VisionResolveResult => {
    const target = TARGETS[data.anchor.target_text ?? '']
    if (!target) return { found: false, x: null, y: null, bbox: null, score: 0.2, method: 'template', scale: null, candidates: [], reason: 'not on this page' }
    const r = target.rect
    const bbox = { x: Math.round(r.x * scale), y: Math.round(r.y * scale), width: Math.round(r.width * scale), height: Math.round(r.height * scale) }
    return {
      found: true, x: Math.round(bbox.x + bbox.width / 2), y: Math.round(bbox.y + bbox.height / 2), bbox,
      score: 0.98, method: 'template', scale, candidates: [], reason: null,
    }
  }
}
