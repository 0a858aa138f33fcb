import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import Value from 'typebox/value'
import { T2aDecision } from '@rpa-vision/contracts'
import { startScriptedModelServer, type ModelOutput, type Script } from '@rpa-vision/t2a'
import { HELP, runCli } from '../src/index.js'
import { RECORD_FORFAIT, RECORD_GHS } from '../../t2a/test/fixtures/t2a-examples.js'
import { capture } from './helpers/io.js'

const dir = await mkdtemp(join(tmpdir(), 'rpa-t2a-'))
t.teardown(() => rm(dir, { recursive: true, force: true }))
const files = {
  ghs: join(dir, 'ghs.txt'),
  forfait: join(dir, 'forfait.txt'),
  bom: join(dir, 'bom.txt'),
  empty: join(dir, 'empty.txt'),
  blank: join(dir, 'blank.txt'),
  stay: join(dir, 'stay.json'),
  badStay: join(dir, 'bad-stay.json'),
  listStay: join(dir, 'list-stay.json'),
  missing: join(dir, 'nope.txt'),
}
await writeFile(files.ghs, RECORD_GHS)
await writeFile(files.forfait, RECORD_FORFAIT)
await writeFile(files.bom, `\uFEFF${RECORD_GHS}`)
await writeFile(files.empty, '')
await writeFile(files.blank, ' \n\t\n')
await writeFile(files.stay, JSON.stringify({ arrivee: '2025-03-14T21:40', admission_uhcd: '2025-03-14T23:15' }))
await writeFile(files.badStay, '{"arrivee": ')
await writeFile(files.listStay, '["2025-03-14"]')

const API_KEY = 'sk-cli-test-5d2b9e01'

/** `rpa t2a decide …` in this process, with these environment variables only. */
async function decide(env: Record<string, string>, ...args: string[]) {
  const out = capture()
  const err = capture()
  const code = await runCli(['t2a', 'decide', ...args], { env, out, err })
  return { code, out: out.text, err: err.text }
}

function checkDocument(t: Test, text: string): T2aDecision {
  const doc = JSON.parse(text) as T2aDecision
  t.ok(Value.Check(T2aDecision, doc), `the GET /api/v1/t2a/decisions/:id shape: ${JSON.stringify([...Value.Errors(T2aDecision, doc)][0] ?? null)}`)
  t.match(doc.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  t.ok(Date.parse(doc.created_at) <= Date.parse(doc.finished_at!))
  return doc
}

/** Every verified quotation's offsets point at the quoted text in the record. */
function checkOffsets(t: Test, doc: T2aDecision, record: string) {
  const citations = [...doc.criteria.flatMap((c) => c.citations), ...(doc.reserve_hospitaliere?.citations ?? [])]
  for (const c of citations.filter((q) => q.verification === 'exact')) t.equal(record.slice(c.start!, c.end!), c.text)
}

const noStackTrace = (t: Test, text: string) => t.notMatch(text, /\n\s+at .+:\d+/, 'no stack trace')

t.test('rules provider, record 1 of T2A.md: ghs, as a report', async (t) => {
  const r = await decide({}, '--record', files.ghs)
  t.equal(r.code, 0, r.err)
  t.equal(r.err, '')
  t.match(r.out, /^T2A decision [0-9a-f-]{36}\nprovider +rules: no model \(the rules heuristic\)\n/)
  t.match(r.out, /^final decision +ghs$/m)
  t.match(r.out, /^why +all three criteria met, each with a verified supporting quotation$/m)
  t.match(r.out, /^model decision +ghs \(the provider's own proposal, for information only\)$/m)
  for (const id of [1, 2, 3]) t.match(r.out, new RegExp(`^criterion ${id}: met$`, 'm'))
  const start = RECORD_GHS.indexOf("risque d'hématome")
  const quoted = "risque d'hématome retardé sous anticoagulant"
  t.match(r.out, new RegExp(`^ +supports +exact +${start}-${start + quoted.length} +« ${quoted} »$`, 'm'), 'role, verification, offsets and the quotation')
  t.match(r.out, /« surveillance neurologique horaire par l'IDE »/)
  t.match(r.out, /« Paracétamol 1 g IV à 23h30 »/)
  t.match(r.out, /^réserve hospitalière: unknown/m)
  t.match(r.out, /^flags:\n {2}none\n$/m)
})

t.test('rules provider, record 1 of T2A.md: ghs, as the API document', async (t) => {
  for (const env of [{}, { LLM_PROVIDER: 'rules' }] as Record<string, string>[]) {
    const r = await decide(env, '--record', files.ghs, '--json')
    t.equal(r.code, 0, r.err)
    const doc = checkDocument(t, r.out)
    t.match(doc, { status: 'done', error: null, final_decision: 'ghs', model_decision: 'ghs', provider: 'rules', model: null, attempts: 0, flags: [] })
    t.same(doc.criteria.map((c) => c.status), ['met', 'met', 'met'])
    checkOffsets(t, doc, RECORD_GHS)
  }
})

t.test('rules provider, record 2 of T2A.md: forfait_urgence with the instruction flag', async (t) => {
  const r = await decide({}, '--record', files.forfait)
  t.equal(r.code, 0, r.err)
  t.match(r.out, /^final decision +forfait_urgence$/m)
  t.match(r.out, /^why +not met with a verified refuting quotation: criterion 1 .*criterion 2/m)
  t.match(r.out, /^criterion 2: not_met$/m)
  const start = RECORD_FORFAIT.indexOf('Aucune surveillance')
  t.match(r.out, new RegExp(`^ +refutes +exact +${start}-${start + 40} +« Aucune surveillance particulière requise »$`, 'm'), 'the quotation on one line')
  t.match(r.out, /^flags:\n {2}instruction_in_record: the record holds text addressed to the tool/m)
  t.notMatch(r.out, /Note pour l'outil/, 'the injected comment is never quoted')

  const j = await decide({}, '--record', files.forfait, '--json')
  t.equal(j.code, 0, j.err)
  const doc = checkDocument(t, j.out)
  t.match(doc, { status: 'done', final_decision: 'forfait_urgence', model_decision: 'forfait_urgence', flags: ['instruction_in_record'] })
  t.same(doc.criteria.map((c) => c.status).slice(0, 2), ['not_met', 'not_met'])
  checkOffsets(t, doc, RECORD_FORFAIT)
})

t.test('a byte-order mark is the file’s, not the record’s: no hidden-character flag, offsets unchanged', async (t) => {
  const r = await decide({}, '--record', files.bom, '--json')
  const doc = checkDocument(t, r.out)
  t.same(doc.flags, [])
  checkOffsets(t, doc, RECORD_GHS)
})

// The servers below are a scripted stand-in for a model, not a model: they answer from their script.
const citation = (texte: string) => ({ texte, role: 'SOUTIENT' as const })
const GHS_ANSWER: ModelOutput = {
  perimetre: { admission_uhcd: 'OUI', hospitalisation_mco_apres: 'NON' },
  preuve_critere1: { statut: 'REMPLI', raisonnement: 'risque évolutif sous anticoagulant', citations: [citation("risque d'hématome retardé sous anticoagulant")] },
  preuve_critere2: {
    statut: 'REMPLI', raisonnement: 'surveillance horaire',
    // an OCR-like slip (l for I): verified as approximate
    citations: [citation("surveillance neurologique horaire par l'lDE")],
  },
  preuve_critere3: { statut: 'REMPLI', raisonnement: 'traitement IV', citations: [citation('Paracétamol 1 g IV'), citation('Scanner cérébral sans injection à 20h')] },
  reserve_hospitaliere: { statut: 'NON', citations: [] },
  decision_modele: 'GHS',
}

async function scriptedModel(t: Test, script: Script) {
  const server = await startScriptedModelServer(script)
  t.teardown(() => server.close())
  const env = { LLM_PROVIDER: 'openai', LLM_BASE_URL: `${server.url}/v1`, LLM_MODEL: 'gpt-test', LLM_API_KEY: API_KEY, LLM_TIMEOUT_MS: '5000' }
  return { server, env }
}

t.test('a model (OpenAI protocol) that answers validly: done, 1 attempt, its quotations verified', async (t) => {
  const { server, env } = await scriptedModel(t, () => ({ reply: JSON.stringify(GHS_ANSWER) }))
  const j = await decide(env, '--record', files.ghs, '--stay', files.stay, '--json')
  t.equal(j.code, 0, j.err)
  t.equal(j.err, '')
  const doc = checkDocument(t, j.out)
  // every criterion is met with a verified quotation, but criterion 3 also cites an invented one: no GHS on that
  t.match(doc, { status: 'done', error: null, final_decision: 'to_review', model_decision: 'ghs', provider: 'openai', model: 'gpt-test', attempts: 1, flags: [] })
  t.match(doc.decision_reason, /criterion 3: a supporting quotation failed verification/)
  t.same(doc.criteria[1]!.citations.map((c) => c.verification), ['approximate'])
  t.same(doc.criteria[2]!.citations.map((c) => c.verification), ['exact', 'failed'])
  checkOffsets(t, doc, RECORD_GHS)

  const [request] = server.chatRequests()
  t.equal(request!.path, '/v1/chat/completions')
  t.equal(request!.headers.authorization, `Bearer ${API_KEY}`)
  const user = (request!.body as { messages: { role: string; content: string }[] }).messages.find((m) => m.role === 'user')!.content
  t.match(user, /Paracétamol 1 g IV/, 'the record in the user turn')
  t.match(user, /"admission_uhcd": "2025-03-14T23:15"/, 'the stay facts too')

  const r = await decide(env, '--record', files.ghs)
  t.equal(r.code, 0, r.err)
  t.match(r.out, /^provider +openai: model gpt-test, 1 attempt$/m)
  t.match(r.out, /^ +supports +approximate +\d+-\d+ +« surveillance neurologique horaire par l'lDE »\n +record: « surveillance neurologique horaire par l'IDE »$/m)
  t.match(r.out, /^ +supports +failed +- +« Scanner cérébral sans injection à 20h »\n +failed: .+$/m, 'a failed quotation says why')
  t.notMatch(j.out + r.out, API_KEY)
})

t.test('a model invalid once, then valid: attempts 2', async (t) => {
  const { env } = await scriptedModel(t, [{ reply: 'Voici ma réponse : GHS' }, { reply: JSON.stringify(GHS_ANSWER) }])
  const r = await decide(env, '--record', files.ghs, '--json')
  t.equal(r.code, 0, r.err)
  t.match(JSON.parse(r.out), { status: 'done', attempts: 2, final_decision: 'to_review', model_decision: 'ghs' })
})

t.test('a model that never answers validly: status error, the reason and attempts, exit 1', async (t) => {
  const { server, env } = await scriptedModel(t, () => ({ reply: 'Voici ma réponse : GHS' }))
  const j = await decide({ ...env, LLM_MAX_ATTEMPTS: '2' }, '--record', files.ghs, '--json')
  t.equal(j.code, 1)
  const doc = checkDocument(t, j.out)
  t.match(doc, {
    status: 'error', error: /^no valid answer from the model after 2 attempts: invalid output: the answer is not JSON/,
    final_decision: null, decision_reason: null, model_decision: null, criteria: [], reserve_hospitaliere: null, flags: [],
    provider: 'openai', model: 'gpt-test', attempts: 2,
  })
  t.match(j.err, /^error LLM_NO_VALID_ANSWER: no valid answer from the model after 2 attempts: invalid output: the answer is not JSON/)
  t.equal(server.chatRequests().length, 2)

  const r = await decide(env, '--record', files.ghs)
  t.equal(r.code, 1)
  t.match(r.out, /^provider +openai: model gpt-test, 3 attempts\nstatus +error\nerror +no valid answer from the model after 3 attempts: invalid output/m)
  t.match(r.err, /^error LLM_NO_VALID_ANSWER: no valid answer from the model after 3 attempts/)
  noStackTrace(t, r.err)
})

t.test('a server that refuses the key, quoting it: no retry, and the key is never printed', async (t) => {
  const { env } = await scriptedModel(t, () => ({ status: 401, body: { error: { message: `Incorrect API key provided: ${API_KEY}` } } }))
  for (const json of [true, false]) {
    const r = await decide(env, '--record', files.ghs, ...(json ? ['--json'] : []))
    t.equal(r.code, 1)
    t.match(r.err, /^error LLM_NO_VALID_ANSWER: no valid answer from the model after 1 attempt: .*answered 401/)
    t.notMatch(r.out + r.err, API_KEY)
  }
})

t.test('unusable inputs: exit 2, one message, the usage, no decision', async (t) => {
  const cases: [string[], RegExp][] = [
    [[], /^error USAGE: --record is required$/m],
    [['--record', files.missing], /^error USAGE: cannot read the record .*nope\.txt: no such file$/m],
    [['--record', dir], /^error USAGE: cannot read the record .*EISDIR/m],
    [['--record', files.empty], /^error USAGE: the record .*empty\.txt is empty$/m],
    [['--record', files.blank], /^error USAGE: the record .*blank\.txt is empty$/m],
    [['--record', files.ghs, '--stay', files.missing], /^error USAGE: cannot read the stay file .*nope\.txt: no such file$/m],
    [['--record', files.ghs, '--stay', files.badStay], /^error USAGE: the stay file .*bad-stay\.json is not JSON: /m],
    [['--record', files.ghs, '--stay', files.listStay], /^error USAGE: the stay file .*list-stay\.json must hold a JSON object/m],
    [['--record', files.ghs, 'extra'], /^error USAGE: unexpected argument "extra"$/m],
    [['--record', files.ghs, '--model', 'x'], /^error USAGE: Unknown option '--model'/m],
  ]
  for (const [args, message] of cases) {
    const r = await decide({}, ...args)
    t.equal(r.code, 2, args.join(' '))
    t.match(r.err, message)
    t.match(r.err, /^usage: rpa t2a decide --record FILE \[--stay FILE\.json\] \[--json\]$/m)
    t.equal(r.out, '')
    noStackTrace(t, r.err)
  }
})

t.test('bad LLM_* settings: exit 1 naming the variable', async (t) => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ LLM_PROVIDER: 'gpt' }, /^error CONFIG: LLM_PROVIDER must be one of ollama, openai, rules, got "gpt"\n$/],
    [{ LLM_PROVIDER: 'openai', LLM_MODEL: 'm' }, /^error CONFIG: LLM_BASE_URL is required when LLM_PROVIDER=openai/],
    [{ LLM_PROVIDER: 'ollama' }, /^error CONFIG: LLM_MODEL is required when LLM_PROVIDER=ollama\n$/],
    [{ LLM_PROVIDER: 'ollama', LLM_MODEL: 'm', LLM_BASE_URL: 'localhost:11434' }, /^error CONFIG: LLM_BASE_URL must be an http\(s\) URL/],
    [{ LLM_PROVIDER: 'ollama', LLM_MODEL: 'm', LLM_MAX_ATTEMPTS: '0' }, /^error CONFIG: LLM_MAX_ATTEMPTS must be an integer ≥ 1, got "0"\n$/],
    [{ LLM_PROVIDER: 'ollama', LLM_MODEL: 'm', LLM_TIMEOUT_MS: 'soon', LLM_API_KEY: API_KEY }, /^error CONFIG: LLM_TIMEOUT_MS must be an integer/],
  ]
  for (const [env, message] of cases) {
    const r = await decide(env, '--record', files.ghs)
    t.equal(r.code, 1, JSON.stringify(env))
    t.match(r.err, message)
    t.notMatch(r.err, API_KEY)
    t.equal(r.out, '')
  }
})

t.test('help: the usage, the options and the LLM_* variables', async (t) => {
  const r = await decide({}, '--help')
  t.equal(r.code, 0)
  t.match(r.out, /^usage: rpa t2a decide --record FILE \[--stay FILE\.json\] \[--json\]\n/)
  t.match(r.out, /--stay FILE\.json/)
  for (const name of ['LLM_PROVIDER', 'LLM_BASE_URL', 'LLM_MODEL', 'LLM_API_KEY', 'LLM_TIMEOUT_MS', 'LLM_MAX_ATTEMPTS']) t.match(r.out, name)
  t.match(HELP, /^ {2}rpa t2a decide --record FILE/m)
  const unknown = await runCli(['t2a', 'decision'], { env: {}, out: capture(), err: capture() })
  t.equal(unknown, 2)
})

t.test('as a process (pnpm rpa runs this entry): the JSON document on stdout; a missing file, exit 2 and no stack trace', async (t) => {
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url))
  const run = (...args: string[]) => {
    const child = spawn(process.execPath, ['--conditions=@rpa-vision/source', '--import', 'tsx', main, 't2a', 'decide', ...args], {
      env: { ...process.env, LLM_PROVIDER: 'rules' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    return new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.on('close', (code) => resolve({ code, out, err })))
  }
  const ok = await run('--record', files.forfait, '--json')
  t.equal(ok.code, 0, ok.err)
  t.match(checkDocument(t, ok.out), { final_decision: 'forfait_urgence', flags: ['instruction_in_record'] })
  const missing = await run('--record', files.missing)
  t.equal(missing.code, 2)
  t.match(missing.err, /^error USAGE: cannot read the record .*nope\.txt: no such file\nusage: rpa t2a decide/)
  noStackTrace(t, missing.err)
})
