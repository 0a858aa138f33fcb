import t from 'tap'
import { BadRequestError, type Edge, type Node } from '@rpa-vision/contracts'
import { compilePlan, orderNodes } from '../src/domain/compile.js'
import { fillPlaceholders, MissingVariableError, placeholderNames } from '../src/domain/placeholders.js'
import { openSecrets, parseSecretKey, sealSecrets, SecretsUnavailableError } from '@rpa-vision/secrets'

const SHA = (c: string) => c.repeat(64)
const SCREEN = { width: 1920, height: 1080, scale: 1 }

function anchor(bbox: { x: number; y: number; width: number; height: number }, extra: { target_text?: string; screenshot_sha256?: string } = {}): NonNullable<Node['anchor']> {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    image_sha256: SHA('a'),
    image_url: '/api/v1/anchors/00000000-0000-4000-8000-000000000001/image',
    image_width: bbox.width,
    image_height: bbox.height,
    bbox,
    screen: SCREEN,
    target_text: extra.target_text ?? null,
    ocr_description: 'never copied into a plan',
    screenshot_sha256: extra.screenshot_sha256 ?? null,
  }
}

function node(id: string, type: string, params: Record<string, unknown> = {}, a: Node['anchor'] = null): Node {
  return { id, type, label: null, params, anchor: a }
}

/** A chain in the order the nodes are written. */
function chain(nodes: Node[]): { nodes: Node[]; edges: Edge[] } {
  return { nodes, edges: nodes.slice(1).map((n, i) => ({ from: nodes[i]!.id, to: n.id })) }
}

const OPTS = { provided: new Set<string>(), stepTimeoutMs: 7000, jobTimeoutMs: 45_000 }
const withVars = (...names: string[]) => ({ ...OPTS, provided: new Set(names) })
const ids = (nodes: Node[]) => nodes.map((n) => n.id)

type Asserts = Pick<typeof t, 'ok' | 'equal' | 'match' | 'fail'>

function expectBadRequest(t: Asserts, fn: () => unknown, message: RegExp, what: string): void {
  try {
    fn()
    t.fail(`${what}: expected a BadRequestError matching ${message}, but nothing was thrown`)
  } catch (err) {
    t.ok(err instanceof BadRequestError, `${what}: a BadRequestError (got ${(err as Error).name})`)
    t.equal((err as BadRequestError).statusCode, 400, `${what}: status 400`)
    t.match((err as Error).message, message, `${what}: the message explains it`)
  }
}

t.test('orderNodes: topological order, ties broken by the written order, deterministic', async (t) => {
  const a = node('a', 'hotkey', { keys: ['a'] })
  const b = node('b', 'hotkey', { keys: ['b'] })
  const c = node('c', 'hotkey', { keys: ['c'] })
  const d = node('d', 'hotkey', { keys: ['d'] })
  const diamond: Edge[] = [{ from: 'a', to: 'b' }, { from: 'a', to: 'c' }, { from: 'b', to: 'd' }, { from: 'c', to: 'd' }]

  t.same(ids(orderNodes({ nodes: [c, b, a], edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }] })), ['a', 'b', 'c'], 'nodes written against the edges: the edges win')
  t.same(ids(orderNodes({ nodes: [a, b, c, d], edges: diamond })), ['a', 'b', 'c', 'd'], 'diamond: b before c because b is written first')
  t.same(ids(orderNodes({ nodes: [a, c, b, d], edges: diamond })), ['a', 'c', 'b', 'd'], 'diamond: c before b because c is written first')
  t.same(ids(orderNodes({ nodes: [d, c, b, a], edges: diamond })), ['a', 'c', 'b', 'd'], 'diamond written backwards: c is written before b')
  t.same(ids(orderNodes({ nodes: [a, b, c], edges: [] })), ['a', 'b', 'c'], 'no edges: the written order')
  t.same(ids(orderNodes({ nodes: [c, a, b], edges: [{ from: 'a', to: 'b' }] })), ['c', 'a', 'b'], 'an unconnected node written first goes first')
  t.same(ids(orderNodes({ nodes: [a, b, c], edges: [{ from: 'a', to: 'b' }] })), ['a', 'b', 'c'], 'b (ready after a) is written before the unconnected c')
  t.same(ids(orderNodes({ nodes: [a, b, c, d], edges: [{ from: 'c', to: 'a' }, { from: 'd', to: 'b' }] })), ['c', 'a', 'd', 'b'], 'two chains: the first ready node in written order each time')

  const wf = { nodes: [d, c, b, a], edges: [...diamond].reverse() }
  const first = compilePlan(wf, OPTS)
  for (let i = 0; i < 5; i++) t.same(compilePlan(wf, OPTS), first, `same input → same plan (run ${i + 2})`)
  t.same(first.actions.map((x) => [x.seq, x.stepId]), [[1, 'a'], [2, 'c'], [3, 'b'], [4, 'd']], 'the plan follows the order, seq from 1')
})

t.test('orderNodes: a cycle or a dangling edge is a BadRequestError', async (t) => {
  const a = node('a', 'hotkey', { keys: ['a'] })
  const b = node('b', 'hotkey', { keys: ['b'] })
  const c = node('c', 'hotkey', { keys: ['c'] })
  expectBadRequest(t, () => orderNodes({ nodes: [a, b], edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'a' }] }), /cycle/, 'a two-node cycle')
  expectBadRequest(t, () => orderNodes({ nodes: [a], edges: [{ from: 'a', to: 'a' }] }), /cycle/, 'a self-loop')
  expectBadRequest(
    t, () => orderNodes({ nodes: [a, b, c], edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'b' }] }), /cycle/,
    'a cycle behind a valid start',
  )
  expectBadRequest(t, () => compilePlan({ nodes: [a, b], edges: [{ from: 'b', to: 'a' }, { from: 'a', to: 'b' }] }, OPTS), /cycle/, 'compilePlan refuses a cycle too')
  expectBadRequest(t, () => orderNodes({ nodes: [a], edges: [{ from: 'a', to: 'ghost' }] }), /a → ghost.*does not have/, 'an edge to a node that does not exist')
})

t.test('node → actions: clicks', async (t) => {
  const box = { x: 812, y: 540, width: 120, height: 32 }
  const plan = compilePlan(chain([
    node('c1', 'click_anchor', {}, anchor(box, { target_text: 'Valider', screenshot_sha256: SHA('b') })),
    node('c2', 'double_click_anchor', { visual_mode: 'template', timeout_ms: 1234 }, anchor({ x: 10, y: 20, width: 25, height: 11 })),
    node('c3', 'right_click_anchor', { visual_mode: 'text' }, anchor(box, { target_text: 'Menu' })),
  ]), OPTS)
  t.same(plan.secretNames, [])
  t.same(plan.actions, [
    {
      seq: 1, stepId: 'c1', stepType: 'click_anchor', kind: 'click',
      spec: {
        button: 'left', clicks: 1,
        anchor: { image_sha256: SHA('a'), bbox: box, screen: SCREEN, target_text: 'Valider', screenshot_sha256: SHA('b') },
        hint: { x: 872, y: 556 }, visual_mode: 'auto', timeout_ms: 7000,
      },
    },
    {
      seq: 2, stepId: 'c2', stepType: 'double_click_anchor', kind: 'click',
      spec: {
        button: 'left', clicks: 2,
        anchor: { image_sha256: SHA('a'), bbox: { x: 10, y: 20, width: 25, height: 11 }, screen: SCREEN },
        hint: { x: 23, y: 26 }, visual_mode: 'template', timeout_ms: 1234,
      },
    },
    {
      seq: 3, stepId: 'c3', stepType: 'right_click_anchor', kind: 'click',
      spec: {
        button: 'right', clicks: 1,
        anchor: { image_sha256: SHA('a'), bbox: box, screen: SCREEN, target_text: 'Menu' },
        hint: { x: 872, y: 556 }, visual_mode: 'text', timeout_ms: 7000,
      },
    },
  ], 'button and clicks by type; anchor by hash (no image bytes, id or url); hint = the recorded bbox centre; visual_mode and timeout default or from params')
})

t.test('node → actions: typing, keys, scroll, waits, server-side steps', async (t) => {
  const box = { x: 300, y: 120, width: 200, height: 30 }
  const region = { x: 0, y: 0, width: 640, height: 200 }
  const plan = compilePlan(chain([
    node('ipp', 'type_text', { text: 'IPP {{patient_ipp}}' }, anchor(box, { target_text: 'IPP' })),
    node('plain', 'type_text', { text: 'sans ancre' }),
    node('pwd', 'type_secret', { variable: 'password', timeout_ms: 2500 }, anchor(box)),
    node('pwd2', 'type_secret', { variable: 'password' }),
    node('save', 'hotkey', { keys: ['ctrl', 's'] }),
    node('down', 'scroll', { dy: -3 }),
    node('side', 'scroll', { dx: 4, dy: 0 }, anchor(box)),
    node('pause', 'wait', { ms: 500 }),
    node('appear', 'wait_for_anchor', {}, anchor(box, { target_text: 'OK' })),
    node('read', 'extract_text', { variable: 'dossier' }, anchor(box)),
    node('read2', 'extract_text', { variable: 'cote', region, retries: 5, timeout_ms: 9000 }),
    node('decide', 't2a_decision', { input: 'dossier', variable: 't2a' }),
    node('decide2', 't2a_decision', { input: 'cote', variable: 't2a_bis', retries: 0, timeout_ms: 3000 }),
  ]), withVars('patient_ipp', 'password'))

  const anchored = (target_text?: string, timeout_ms = 7000) => ({
    anchor: { image_sha256: SHA('a'), bbox: box, screen: SCREEN, ...(target_text ? { target_text } : {}) },
    hint: { x: 400, y: 135 }, visual_mode: 'auto', timeout_ms,
  })
  const got = plan.actions.map((a) => ({ seq: a.seq, step: a.stepId, type: a.stepType, kind: a.kind, spec: a.spec }))
  t.same(got, [
    { seq: 1, step: 'ipp', type: 'type_text', kind: 'click', spec: { button: 'left', clicks: 1, pre_click: true, ...anchored('IPP') } },
    { seq: 2, step: 'ipp', type: 'type_text', kind: 'type', spec: { text: 'IPP {{patient_ipp}}' } },
    { seq: 3, step: 'plain', type: 'type_text', kind: 'type', spec: { text: 'sans ancre' } },
    { seq: 4, step: 'pwd', type: 'type_secret', kind: 'click', spec: { button: 'left', clicks: 1, pre_click: true, ...anchored(undefined, 2500) } },
    { seq: 5, step: 'pwd', type: 'type_secret', kind: 'type', spec: { text: '{{password}}', secret: true } },
    { seq: 6, step: 'pwd2', type: 'type_secret', kind: 'type', spec: { text: '{{password}}', secret: true } },
    { seq: 7, step: 'save', type: 'hotkey', kind: 'hotkey', spec: { keys: ['ctrl', 's'] } },
    { seq: 8, step: 'down', type: 'scroll', kind: 'scroll', spec: { dx: 0, dy: -3 } },
    { seq: 9, step: 'side', type: 'scroll', kind: 'scroll', spec: { dx: 4, dy: 0, ...anchored() } },
    { seq: 10, step: 'pause', type: 'wait', kind: 'wait', spec: { ms: 500 } },
    { seq: 11, step: 'appear', type: 'wait_for_anchor', kind: 'wait_for_anchor', spec: anchored('OK') },
    { seq: 12, step: 'read', type: 'extract_text', kind: 'extract_text', spec: { ...anchored(), variable: 'dossier', retries: 2, job_timeout_ms: 45_000 } },
    { seq: 13, step: 'read2', type: 'extract_text', kind: 'extract_text', spec: { variable: 'cote', region, retries: 5, job_timeout_ms: 9000 } },
    { seq: 14, step: 'decide', type: 't2a_decision', kind: 't2a_decision', spec: { input: 'dossier', variable: 't2a', retries: 2, job_timeout_ms: 45_000 } },
    { seq: 15, step: 'decide2', type: 't2a_decision', kind: 't2a_decision', spec: { input: 'cote', variable: 't2a_bis', retries: 0, job_timeout_ms: 3000 } },
  ], 'every node type compiles to its actions')
  t.same(plan.secretNames, ['password'], 'the type_secret variable is a secret')

  const typeAfterPreClick = plan.actions[1]!.spec
  t.notOk('anchor' in typeAfterPreClick || 'hint' in typeAfterPreClick, 'the type after a pre-click carries no anchor: the click gave focus')
  t.notOk(plan.actions[2]!.spec.pre_click, 'a type_text without an anchor has no pre-click')
})

t.test('node → actions: a type_text naming a secret variable is flagged secret; secretNames sorted and unique', async (t) => {
  const plan = compilePlan(chain([
    node('user', 'type_secret', { variable: 'zeta' }),
    node('pwd', 'type_secret', { variable: 'alpha' }),
    node('again', 'type_secret', { variable: 'zeta' }),
    node('both', 'type_text', { text: 'login {{ alpha }} / {{who}}' }),
    node('plain', 'type_text', { text: 'bonjour {{who}}' }),
  ]), withVars('zeta', 'alpha', 'who'))
  t.same(plan.secretNames, ['alpha', 'zeta'])
  t.equal(plan.actions[3]!.spec.secret, true, 'a text with a secret placeholder is secret')
  t.notOk(plan.actions[4]!.spec.secret, 'a text without one is not')
})

t.test('an unknown node type is refused by name', async (t) => {
  expectBadRequest(t, () => compilePlan({ nodes: [node('x', 'teleport')], edges: [] }, OPTS), /step x .*"teleport"/, 'an unknown node type')
})

t.test('variables: every placeholder must be provided or set by an earlier step', async (t) => {
  expectBadRequest(
    t, () => compilePlan(chain([node('hello', 'hotkey', { keys: ['a'] }), node('n2', 'type_text', { text: 'IPP {{patient_ipp}}' })]), OPTS),
    /step n2 \(type_text\).*"patient_ipp"/, 'a variable neither provided nor set',
  )
  t.doesNotThrow(() => compilePlan(chain([node('n2', 'type_text', { text: 'IPP {{patient_ipp}}' })]), withVars('patient_ipp')), 'provided: fine')

  const readThenType = chain([
    node('read', 'extract_text', { variable: 'dossier', region: { x: 0, y: 0, width: 10, height: 10 } }),
    node('type', 'type_text', { text: 'Dossier: {{dossier}}' }),
  ])
  t.doesNotThrow(() => compilePlan(readThenType, OPTS), 'set by an earlier extract_text: fine')

  // the same two nodes, written in the same order, but the edge puts the typing first
  const typeThenRead = { nodes: readThenType.nodes, edges: [{ from: 'type', to: 'read' }] }
  expectBadRequest(t, () => compilePlan(typeThenRead, OPTS), /step type \(type_text\).*"dossier"/, 'set only by a LATER step (by the edges)')
  expectBadRequest(
    t, () => compilePlan(chain([node('type', 'type_text', { text: '{{dossier}}' }), node('read', 'extract_text', { variable: 'dossier' })]), OPTS),
    /step type .*"dossier"/, 'set only by a later step (written after)',
  )

  expectBadRequest(
    t, () => compilePlan(chain([node('decide', 't2a_decision', { input: 'dossier', variable: 't2a' })]), OPTS),
    /step decide \(t2a_decision\).*input variable "dossier"/, 't2a input must be known',
  )
  t.doesNotThrow(() => compilePlan(chain([node('decide', 't2a_decision', { input: 'dossier', variable: 't2a' })]), withVars('dossier')), 't2a input provided: fine')

  const decideThenNote = chain([
    node('decide', 't2a_decision', { input: 'dossier', variable: 't2a' }),
    node('note', 'type_text', { text: 'Décision: {{t2a.decision}} ({{ t2a.details.criteria }})' }),
  ])
  t.doesNotThrow(() => compilePlan(decideThenNote, withVars('dossier')), '{{t2a.decision}} after the t2a step: the root name is known')
  expectBadRequest(
    t, () => compilePlan(chain([node('note', 'type_text', { text: 'Décision: {{t2a.decision}}' })]), OPTS),
    /step note .*"t2a"/, '{{t2a.decision}} with no t2a step: the root name is named',
  )
  try {
    compilePlan(chain([node('note', 'type_text', { text: 'Décision: {{t2a.decision}}' })]), OPTS)
  } catch (err) {
    t.notMatch((err as Error).message, /"t2a\.decision"/, 'the error names the variable, not the dotted path')
  }
})

t.test('variables: a type_secret variable must be provided when the session starts', async (t) => {
  expectBadRequest(t, () => compilePlan(chain([node('pwd', 'type_secret', { variable: 'password' })]), OPTS), /step pwd .*"password"|"password".*must be given/, 'not provided')
  // a secret cannot come from the screen: an earlier extract_text setting it is not enough
  expectBadRequest(
    t,
    () => compilePlan(chain([
      node('read', 'extract_text', { variable: 'password', region: { x: 0, y: 0, width: 10, height: 10 } }),
      node('pwd', 'type_secret', { variable: 'password' }),
    ]), OPTS),
    /secret variable "password".*must be given in variables/, 'set by an earlier step but not provided',
  )
  t.doesNotThrow(() => compilePlan(chain([node('pwd', 'type_secret', { variable: 'password' })]), withVars('password')), 'provided: fine')
})

t.test('placeholders: fillPlaceholders', async (t) => {
  const vars = {
    name: 'Dupont', n: 42, zero: 0, yes: false, empty: '',
    t2a: { decision: 'ghs', details: { criteria: 3, codes: ['A', 'B'] } },
    list: ['x', 'y'],
  }
  t.equal(fillPlaceholders('Bonjour {{name}}', vars), 'Bonjour Dupont', 'plain')
  t.equal(fillPlaceholders('{{name}}-{{name}}', vars), 'Dupont-Dupont', 'repeated')
  t.equal(fillPlaceholders('{{  name   }}|{{ t2a.decision }}', vars), 'Dupont|ghs', 'whitespace inside the braces')
  t.equal(fillPlaceholders('{{t2a.decision}}', vars), 'ghs', 'dotted path')
  t.equal(fillPlaceholders('{{t2a.details.criteria}}', vars), '3', 'deep dotted path to a number')
  t.equal(fillPlaceholders('{{list.1}}', vars), 'y', 'an index into an array')
  t.equal(fillPlaceholders('n={{n}} z={{zero}} b={{yes}}', vars), 'n=42 z=0 b=false', 'numbers and booleans, falsy ones included')
  t.equal(fillPlaceholders('{{t2a.details}}', vars), '{"criteria":3,"codes":["A","B"]}', 'an object renders as JSON')
  t.equal(fillPlaceholders('{{list}}', vars), '["x","y"]', 'an array renders as JSON')
  t.equal(fillPlaceholders('[{{empty}}]', vars), '[]', 'a variable set to the empty string is filled with it')
  t.equal(fillPlaceholders('no placeholders {single} {{ }}', vars), 'no placeholders {single} {{ }}', 'text without placeholders is unchanged')

  const missing = (text: string, variables: Record<string, unknown>, message: RegExp, what: string) => {
    t.throws(() => fillPlaceholders(text, variables), MissingVariableError, `${what}: MissingVariableError`)
    try {
      fillPlaceholders(text, variables)
    } catch (err) {
      t.match((err as Error).message, message, `${what}: the message names it`)
    }
  }
  missing('IPP {{patient_ipp}}', vars, /"patient_ipp" is not set/, 'a missing variable')
  missing('{{t2a.ghm}}', vars, /"t2a" has no field "ghm"/, 'a missing field')
  missing('{{t2a.details.score}}', vars, /"t2a" has no field "details\.score"/, 'a missing deep field')
  missing('{{name.first}}', vars, /"name" has no field "first"/, 'a field of a string')
  missing('{{t2a.decision.code}}', vars, /has no field "decision\.code"/, 'a field of a field that is a string')
  missing('{{list.5}}', vars, /"list" has no field "5"/, 'an index past the end')
  missing('{{nothing.x}}', { nothing: null }, /"nothing" has no field "x"/, 'a field of null')
})

t.test('placeholders: inherited object members are not fields', async (t) => {
  for (const text of ['{{t2a.constructor}}', '{{t2a.toString}}', '{{t2a.__proto__}}', '{{t2a.hasOwnProperty}}']) {
    let out: string | undefined
    let error: unknown
    try {
      out = fillPlaceholders(text, { t2a: { decision: 'ghs' } })
    } catch (err) {
      error = err
    }
    t.ok(error instanceof MissingVariableError, `${text}: a MissingVariableError, not the text ${JSON.stringify(out)}`)
  }
  let out: string | undefined
  let error: unknown
  try {
    out = fillPlaceholders('{{constructor}}', {})
  } catch (err) {
    error = err
  }
  t.ok(error instanceof MissingVariableError, `{{constructor}} with no such variable: a MissingVariableError, not the text ${JSON.stringify(out)}`)
})

t.test('placeholders: placeholderNames', async (t) => {
  t.same(placeholderNames('{{a}} {{ a }} {{a.b}} {{b}} {{a}}'), ['a', 'b'], 'deduplicated, root names only, in order of first use')
  t.same(placeholderNames('{{t2a.decision}} / {{t2a.details.criteria}}'), ['t2a'])
  t.same(placeholderNames('plain text, {single}, {{1abc}}, {{ }}'), [], 'no valid placeholders')
  t.same(placeholderNames('{{_x9}}{{Y}}'), ['_x9', 'Y'])
})

t.test('secret-box: seal and open', async (t) => {
  const key = parseSecretKey(Buffer.alloc(32, 7).toString('base64'))
  const value = { password: 's3cr3t-Pa55', pin: '1234', accents: 'éàü ✓' }
  const sealed = sealSecrets(key, value)
  t.match(sealed, /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'v1.<iv>.<tag>.<ciphertext>')
  t.notMatch(sealed, /s3cr3t|1234/, 'nothing in clear')
  t.same(openSecrets(key, sealed), value, 'round trip')
  t.same(openSecrets(key, sealSecrets(key, {})), {}, 'an empty record round-trips')

  const again = sealSecrets(key, value)
  t.not(again, sealed, 'two seals of the same value differ (random IV)')
  t.not(again.split('.')[1], sealed.split('.')[1], 'different IVs')
  t.same(openSecrets(key, again), value)

  const other = parseSecretKey(Buffer.alloc(32, 8).toString('base64'))
  t.throws(() => openSecrets(other, sealed), SecretsUnavailableError, 'a different key → SecretsUnavailableError')
  t.throws(() => openSecrets(other, sealed), { message: /REPLAY_SECRET_KEY is not the key they were sealed with/ }, 'the message says the key is wrong')
  t.throws(() => openSecrets(undefined, sealed), SecretsUnavailableError, 'no key → SecretsUnavailableError')
  t.throws(() => openSecrets(undefined, sealed), { message: /REPLAY_SECRET_KEY is not set/ }, 'the message says the key is missing')

  const [v, iv, tag, body] = sealed.split('.') as [string, string, string, string]
  const flip = (s: string) => {
    const buf = Buffer.from(s, 'base64url')
    buf[0] = buf[0]! ^ 0x01
    return buf.toString('base64url')
  }
  t.throws(() => openSecrets(key, [v, iv, tag, flip(body)].join('.')), SecretsUnavailableError, 'a tampered ciphertext is refused')
  t.throws(() => openSecrets(key, [v, iv, flip(tag), body].join('.')), SecretsUnavailableError, 'a tampered tag is refused')
  t.throws(() => openSecrets(key, [v, flip(iv), tag, body].join('.')), SecretsUnavailableError, 'a tampered IV is refused')
  t.throws(() => openSecrets(key, ['v2', iv, tag, body].join('.')), { message: /malformed/ }, 'an unknown version is refused')
  t.throws(() => openSecrets(key, 'not sealed at all'), { message: /malformed/ }, 'garbage is refused')
})

t.test('secret-box: parseSecretKey', async (t) => {
  const raw = Buffer.alloc(32)
  for (let i = 0; i < 32; i++) raw[i] = (i * 37 + 11) & 0xff
  t.same(parseSecretKey(raw.toString('base64')), raw, 'base64')
  t.same(parseSecretKey(raw.toString('base64url')), raw, 'base64url without padding')
  t.same(parseSecretKey(raw.toString('hex')), raw, '64 hex digits')
  t.same(parseSecretKey(raw.toString('hex').toUpperCase()), raw, '64 hex digits, upper case')
  t.same(parseSecretKey(`  ${raw.toString('base64')}\n`), raw, 'surrounding whitespace ignored')

  const refused = (text: string, what: string) => t.throws(() => parseSecretKey(text), { message: /REPLAY_SECRET_KEY must be 32 bytes/ }, `${what} is refused`)
  refused(Buffer.alloc(16, 1).toString('base64'), 'a 16-byte base64 key')
  refused(Buffer.alloc(33, 1).toString('base64'), 'a 33-byte base64 key')
  refused(Buffer.alloc(64, 1).toString('base64'), 'a 64-byte base64 key')
  refused(raw.toString('hex').slice(0, 62), '62 hex digits')
  refused(raw.toString('hex') + 'ab', '66 hex digits')
  refused('', 'an empty key')
  refused('correct horse battery staple', 'a passphrase')
})
