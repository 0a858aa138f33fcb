import type { IncomingMessage, ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { checkCodingForm } from './coding.js'
import type { CodingStore } from './coding-store.js'
import { renderPage, type Html } from './html.js'
import { BodyTooLarge, readBody, sendEmpty, sendHtml, sendJson } from './http-io.js'
import { codingFormPage, EMPTY_CODING_FORM, type CodingFormValues } from './pages/coding-form.js'
import { codingSavedPage } from './pages/coding-saved.js'
import { messagePage } from './pages/message.js'
import { patientListPage } from './pages/patient-list.js'
import { patientRecordPage } from './pages/patient-record.js'
import { savedPath } from './paths.js'
import { findPatient, fullName, PATIENTS, type Patient } from './patients.js'

/** Largest form body read (3 × 4000 characters, each up to 9 bytes once UTF-8 and percent-encoded, and room to spare). */
export const MAX_BODY_BYTES = 256 * 1024

export interface AppState {
  store: CodingStore
  slowMs(): number
  /** aborted when the app closes, so that slow-mode waits end */
  closing: AbortSignal
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL, params: string[]) => Promise<void> | void

export function createRequestHandler(app: AppState): (req: IncomingMessage, res: ServerResponse) => void {
  const page = (res: ServerResponse, status: number, title: string, main: Html) =>
    sendHtml(res, status, renderPage({ title, main, slowMs: app.slowMs() }))
  const notFound = (res: ServerResponse, what = 'Page introuvable', detail = "Cette adresse ne correspond à aucune page du dossier.") =>
    page(res, 404, what, messagePage(what, detail))
  const withPatient = (res: ServerResponse, ipp: string, then: (p: Patient) => Promise<void> | void) => {
    const p = findPatient(ipp)
    return p ? then(p) : notFound(res, 'Patient introuvable', `Aucun patient avec l'IPP ${ipp}.`)
  }

  const routes: [method: string, pattern: RegExp, handler: Handler][] = [
    ['GET', /^\/$/, (_req, res, url) => {
      const raw = url.searchParams.get('ipp')
      const search = raw === null ? undefined : raw.replace(/\s+/g, '')
      const shown = search ? PATIENTS.filter((p) => p.ipp === search) : PATIENTS
      page(res, 200, 'Liste des patients', patientListPage(shown, search || undefined))
    }],
    ['GET', /^\/patients\/([^/]+)$/, (_req, res, _url, [ipp]) =>
      withPatient(res, ipp!, (p) => page(res, 200, fullName(p), patientRecordPage(p)))],
    ['GET', /^\/patients\/([^/]+)\/coding$/, (_req, res, _url, [ipp]) =>
      withPatient(res, ipp!, (p) => page(res, 200, `Codage PMSI — ${fullName(p)}`, codingFormPage(p, EMPTY_CODING_FORM)))],
    ['POST', /^\/patients\/([^/]+)\/coding$/, (req, res, _url, [ipp]) =>
      withPatient(res, ipp!, async (p) => {
        const body = await readBody(req, MAX_BODY_BYTES)
        if (app.slowMs() > 0) await sleep(app.slowMs(), undefined, { signal: app.closing })
        const form = new URLSearchParams(body)
        const values: CodingFormValues = {
          decision: form.get('decision') ?? '',
          criteria: [form.get('criterion1') ?? '', form.get('criterion2') ?? '', form.get('criterion3') ?? ''],
        }
        const check = checkCodingForm(values)
        if (!check.ok) {
          page(res, 400, `Codage PMSI — ${fullName(p)}`, codingFormPage(p, values, check.error))
          return
        }
        const id = app.store.add({ ipp: p.ipp, decision: check.decision, criteria: check.criteria, saved_at: new Date().toISOString() })
        sendEmpty(res, 303, { location: savedPath(id) })
      })],
    ['GET', /^\/codings\/(\d+)$/, (_req, res, _url, [id]) => {
      const coding = app.store.get(Number(id))
      const p = coding && findPatient(coding.ipp)
      if (!coding || !p) return notFound(res, 'Codage introuvable', "Ce codage n'existe pas ou a été effacé.")
      page(res, 200, 'Codage enregistré', codingSavedPage(p, coding))
    }],
    ['GET', /^\/api\/patients$/, (_req, res) => sendJson(res, 200, PATIENTS)],
    ['GET', /^\/api\/codings$/, (_req, res) => sendJson(res, 200, app.store.all())],
    ['POST', /^\/api\/reset$/, (_req, res) => {
      app.store.reset()
      sendEmpty(res, 204)
    }],
  ]

  const dispatch = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://demo.invalid')
    let pathMatched = false
    for (const [method, pattern, handler] of routes) {
      const m = pattern.exec(url.pathname)
      if (!m) continue
      pathMatched = true
      if (method !== req.method) continue
      let params: string[]
      try {
        params = m.slice(1).map((s) => decodeURIComponent(s))
      } catch {
        return notFound(res)
      }
      return handler(req, res, url, params)
    }
    if (pathMatched) return sendEmpty(res, 405)
    return notFound(res)
  }

  return (req, res) => {
    dispatch(req, res).catch((err: unknown) => {
      if (err instanceof BodyTooLarge) {
        res.setHeader('connection', 'close')
        return page(res, 413, 'Requête trop volumineuse', messagePage('Requête trop volumineuse', 'Le formulaire envoyé est trop volumineux.'))
      }
      if (app.closing.aborted) return void res.destroy()
      // No request content in the log: it may hold patient text.
      process.stderr.write(`demo-hospital: ${req.method} ${new URL(req.url ?? '/', 'http://x').pathname} failed: ${(err as Error)?.name ?? 'error'}\n`)
      page(res, 500, 'Erreur', messagePage('Erreur', 'Une erreur inattendue est survenue.'))
    })
  }
}
