import t from 'tap'
import {
  CODING_TARGETS,
  DEMO_PATIENT_IPP,
  findPatient,
  FORFAIT_PATIENT_IPP,
  fullName,
  LIST_TARGETS,
  MAX_CRITERION_CHARS,
  openButtonTarget,
  PATIENTS,
  RECORD_TARGETS,
  type Coding,
} from '../src/index.js'
import { escaped, hasTarget, postCoding, startApp } from './helpers/app.js'

const demo = findPatient(DEMO_PATIENT_IPP)!
const get = async (url: string) => {
  const res = await fetch(url)
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text(), headers: res.headers }
}
const paragraphsOf = (p: typeof demo) => p.observation.split('\n\n')

t.test('the patient list shows every patient with its open button, and the search field', async (t) => {
  const app = await startApp(t)
  const page = await get(`${app.url}/`)
  t.equal(page.status, 200)
  t.match(page.type, /^text\/html/)
  t.match(page.body, 'Urgences — Liste des patients')
  for (const target of LIST_TARGETS) t.ok(hasTarget(page.body, target), target)
  for (const p of PATIENTS) {
    t.ok(hasTarget(page.body, openButtonTarget(p.ipp)), `open button of ${p.ipp}`)
    t.match(page.body, p.ipp)
    t.match(page.body, `href="/patients/${p.ipp}"`)
  }
  t.match(page.headers.get('content-security-policy'), /default-src 'none'/, 'nothing loaded from elsewhere')
  t.notMatch(page.body, /https?:\/\//, 'no external resource')
})

t.test('searching an IPP shows that patient only; an unknown IPP shows "Aucun patient"', async (t) => {
  const app = await startApp(t)
  const found = await get(`${app.url}/?ipp=${encodeURIComponent(` ${DEMO_PATIENT_IPP} `)}`)
  t.equal(found.status, 200)
  t.ok(hasTarget(found.body, openButtonTarget(DEMO_PATIENT_IPP)))
  for (const p of PATIENTS.filter((p) => p.ipp !== DEMO_PATIENT_IPP)) t.notOk(hasTarget(found.body, openButtonTarget(p.ipp)), `${p.ipp} hidden`)
  t.match(found.body, `value="${DEMO_PATIENT_IPP}"`, 'the field keeps the searched IPP')
  t.notOk(hasTarget(found.body, 'no-patient'))

  const unknown = await get(`${app.url}/?ipp=9999999`)
  t.equal(unknown.status, 200)
  t.ok(hasTarget(unknown.body, 'no-patient'))
  t.match(unknown.body, 'Aucun patient')
  for (const p of PATIENTS) t.notOk(hasTarget(unknown.body, openButtonTarget(p.ipp)))

  const empty = await get(`${app.url}/?ipp=`)
  for (const p of PATIENTS) t.ok(hasTarget(empty.body, openButtonTarget(p.ipp)), 'an empty search lists everyone')
})

t.test('each record page shows the patient header, the observation paragraphs, the sections and the coding button', async (t) => {
  const app = await startApp(t)
  for (const p of PATIENTS) {
    const page = await get(`${app.url}/patients/${p.ipp}`)
    t.equal(page.status, 200, p.ipp)
    for (const target of RECORD_TARGETS) t.ok(hasTarget(page.body, target), `${p.ipp} ${target}`)
    t.match(page.body, escaped(fullName(p)))
    t.match(page.body, p.birthDate)
    for (const para of paragraphsOf(p)) t.match(page.body, `<p>${escaped(para)}</p>`, 'observation paragraph as written')
    for (const title of ['Observation médicale', 'Examens complémentaires', 'Traitements', 'Admission UHCD', 'Codage PMSI']) {
      t.match(page.body, title)
    }
    t.match(page.body, `href="/patients/${p.ipp}/coding"`)
  }
  const missing = await get(`${app.url}/patients/0000000`)
  t.equal(missing.status, 404)
  t.match(missing.body, 'Patient introuvable')
  t.equal((await get(`${app.url}/patients/%E0%A4%A`)).status, 404, 'a malformed path is not found, not an error')
})

t.test('the coding form names the patient and has the decision, three criteria and Valider', async (t) => {
  const app = await startApp(t)
  const page = await get(`${app.url}/patients/${DEMO_PATIENT_IPP}/coding`)
  t.equal(page.status, 200)
  t.match(page.body, 'Codage PMSI — séjour UHCD')
  t.match(page.body, escaped(fullName(demo)))
  t.match(page.body, DEMO_PATIENT_IPP)
  for (const target of CODING_TARGETS) t.ok(hasTarget(page.body, target), target)
  t.match(page.body, 'Critère 1 — pathologie évolutive / diagnostic incertain')
  t.match(page.body, 'Critère 2 — surveillance médicale et paramédicale')
  t.match(page.body, 'Critère 3 — examens complémentaires ou actes thérapeutiques')
  t.match(page.body, /Valeurs acceptées : ghs, forfait_urgence, to_review/)
  t.equal((await get(`${app.url}/patients/0000000/coding`)).status, 404)
})

t.test('a valid coding is stored and confirmed with the patient, the decision and the evidence', async (t) => {
  const app = await startApp(t)
  const evidence = demo.expectedEvidence!
  const criteria = [`« ${evidence[1]} »`, `« ${evidence[2]} »\r\nligne 2 <b>`, `« ${evidence[3]} »`]
  const before = Date.now()
  const res = await postCoding(app, DEMO_PATIENT_IPP, { decision: ' GHS ', criterion1: criteria[0]!, criterion2: criteria[1]!, criterion3: criteria[2]! })
  t.equal(res.status, 303, 'redirected to the confirmation')
  const location = res.headers.get('location')!
  t.match(location, /^\/codings\/\d+$/)

  const stored = app.codings()
  t.equal(stored.length, 1)
  const { saved_at, ...coding } = stored[0]!
  t.strictSame(coding, { ipp: DEMO_PATIENT_IPP, decision: 'ghs', criteria: [criteria[0], criteria[1]!.replace('\r\n', '\n'), criteria[2]] })
  t.ok(Date.parse(saved_at) >= before - 1000 && saved_at === new Date(saved_at).toISOString(), 'saved_at is an ISO date')

  const page = await get(app.url + location)
  t.equal(page.status, 200)
  t.ok(hasTarget(page.body, 'saved'))
  t.match(page.body, 'Codage enregistré')
  t.match(page.body, escaped(fullName(demo)))
  t.match(page.body, /data-target="saved-decision">GHS</)
  t.match(page.body, escaped(`« ${evidence[1]} »`))
  t.match(page.body, '&lt;b&gt;', 'typed text is escaped')
  t.notMatch(page.body, '<b>ligne')

  const api = (await (await fetch(`${app.url}/api/codings`)).json()) as Coding[]
  t.same(api, stored, 'GET /api/codings gives the same codings')
})

t.test('decisions accepted as codes or labels, any case; codings kept in order', async (t) => {
  const app = await startApp(t)
  const typed = ['forfait_urgence', 'Forfait urgence', 'FORFAIT URGENCE', 'to_review', 'ghs', 'À revoir']
  for (const decision of typed) t.equal((await postCoding(app, FORFAIT_PATIENT_IPP, { decision })).status, 303, decision)
  t.same(
    app.codings().map((c) => c.decision),
    ['forfait_urgence', 'forfait_urgence', 'forfait_urgence', 'to_review', 'ghs', 'to_review'],
  )
  t.same(app.codings()[0]!.criteria, ['', '', ''], 'absent criteria are empty')
})

t.test('an invalid decision is refused with the form again, a red message, the typed values and nothing stored', async (t) => {
  const app = await startApp(t)
  for (const decision of ['', '   ', 'peut-être', 'out_of_scope', 'ghs2']) {
    const res = await postCoding(app, DEMO_PATIENT_IPP, { decision, criterion1: 'preuve <1>', criterion2: '', criterion3: '' })
    const body = await res.text()
    t.equal(res.status, 400, JSON.stringify(decision))
    t.ok(hasTarget(body, 'error'), 'error message shown')
    t.match(body, decision.trim() ? 'Décision de facturation inconnue' : 'La décision de facturation est obligatoire')
    t.ok(hasTarget(body, 'decision') && hasTarget(body, 'validate'), 'the form is shown again')
    t.match(body, '>\npreuve &lt;1&gt;</textarea>', 'what was typed is kept')
  }
  t.same(app.codings(), [])
})

t.test('an oversize criterion is refused; the exact limit is accepted; a huge body is refused outright', async (t) => {
  const app = await startApp(t)
  const over = await postCoding(app, DEMO_PATIENT_IPP, { decision: 'ghs', criterion2: 'é'.repeat(MAX_CRITERION_CHARS + 1) })
  t.equal(over.status, 400)
  t.match(await over.text(), `Le critère 2 dépasse ${MAX_CRITERION_CHARS} caractères`)
  t.same(app.codings(), [])

  const crlf = 'x\r\n'.repeat(MAX_CRITERION_CHARS / 2)
  const atLimit = await postCoding(app, DEMO_PATIENT_IPP, { decision: 'ghs', criterion3: crlf })
  t.equal(atLimit.status, 303, 'CRLF line breaks count once: 4000 characters')
  t.equal(app.codings()[0]!.criteria[2].length, MAX_CRITERION_CHARS)

  const huge = await postCoding(app, DEMO_PATIENT_IPP, { decision: 'ghs', criterion1: 'a'.repeat(400_000) }).catch((err: Error) => err)
  if (huge instanceof Error) t.pass('connection closed on a huge body')
  else t.equal(huge.status, 413)
  t.equal(app.codings().length, 1, 'nothing more stored')
})

t.test('JSON API: patients, codings, reset', async (t) => {
  const app = await startApp(t)
  const patients = await fetch(`${app.url}/api/patients`)
  t.match(patients.headers.get('content-type'), /^application\/json/)
  t.same(await patients.json(), JSON.parse(JSON.stringify(PATIENTS)))

  await postCoding(app, DEMO_PATIENT_IPP, { decision: 'ghs' })
  const saved = await postCoding(app, FORFAIT_PATIENT_IPP, { decision: 'forfait_urgence' })
  const codings = (await (await fetch(`${app.url}/api/codings`)).json()) as Coding[]
  t.same(codings.map((c) => c.ipp), [DEMO_PATIENT_IPP, FORFAIT_PATIENT_IPP])

  const reset = await fetch(`${app.url}/api/reset`, { method: 'POST' })
  t.equal(reset.status, 204)
  t.same(await (await fetch(`${app.url}/api/codings`)).json(), [])
  t.same(app.codings(), [])
  t.equal((await fetch(app.url + saved.headers.get('location'))).status, 404, 'a confirmation of a cleared coding is gone')

  await postCoding(app, DEMO_PATIENT_IPP, { decision: 'ghs' })
  app.reset()
  t.same(app.codings(), [], 'reset() in process too')
  t.equal((await fetch(`${app.url}/api/reset`)).status, 405, 'reset is a POST')
  t.equal((await fetch(`${app.url}/nowhere`)).status, 404)
})

t.test('startDemoHospital refuses a bad slowMs; setSlowMs delays submissions', async (t) => {
  await t.rejects(startApp(t, { slowMs: -1 }), RangeError)
  const app = await startApp(t)
  t.throws(() => app.setSlowMs(1.5), RangeError)
  app.setSlowMs(400)
  const started = Date.now()
  t.equal((await postCoding(app, DEMO_PATIENT_IPP, { decision: 'ghs' })).status, 303)
  t.ok(Date.now() - started >= 390, 'the submission answered after slowMs')
  const invalidStarted = Date.now()
  t.equal((await postCoding(app, DEMO_PATIENT_IPP, { decision: 'non' })).status, 400)
  t.ok(Date.now() - invalidStarted >= 390, 'a refused submission too')
  app.setSlowMs(0)
  const quick = Date.now()
  await postCoding(app, DEMO_PATIENT_IPP, { decision: 'ghs' })
  t.ok(Date.now() - quick < 390, 'slow mode off again')
})

t.test('close() ends a submission still waiting in slow mode', async (t) => {
  const app = await startApp(t)
  app.setSlowMs(10_000)
  const pending = postCoding(app, DEMO_PATIENT_IPP, { decision: 'ghs' }).catch((err: Error) => err)
  await new Promise((r) => setTimeout(r, 100))
  const started = Date.now()
  await app.close()
  t.ok(Date.now() - started < 2000, 'closed at once')
  t.type(await pending, Error, 'the waiting client sees its connection closed')
  t.same(app.codings(), [])
  await app.close()
  t.pass('close() twice is fine')
})
