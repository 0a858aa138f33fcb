import { createHash } from 'node:crypto'
import t, { type Test } from 'tap'
import sharp from 'sharp'
import type { LearnedClickEvent, Rect, Workflow } from '@rpa-vision/contracts'
import { openSecret, parseSecretKey, recordedSecretContext } from '@rpa-vision/secrets'
import { BOOTSTRAP, deviceBox, recordOnConnexion, SECRET_KEY, startLearnStack, VIEWPORT, type LearnStack } from './learn-harness.js'

const PASSWORD = 'S3cret!x'
const sha256 = (base64: string) => createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex')

/** Box edges within a few pixels of the DOM's (the detector finds borders, antialiased at fractional scales). */
function near(t: Test, actual: Rect, expected: Rect, what: string, tolerance = 3): void {
  const off = Math.max(
    Math.abs(actual.x - expected.x), Math.abs(actual.y - expected.y),
    Math.abs(actual.x + actual.width - expected.x - expected.width), Math.abs(actual.y + actual.height - expected.y - expected.height),
  )
  t.ok(off <= tolerance, `${what}: ${JSON.stringify(actual)} is the element's box ${JSON.stringify(expected)} within ${tolerance} px (${off})`)
}

/** Cut with context: holds the element (give or take a detected border's pixel), centred on the click (±1 px). */
function aroundClick(t: Test, actual: Rect, element: Rect, click: { x: number; y: number }, what: string): void {
  const holds = actual.x <= element.x + 2 && actual.y <= element.y + 2 &&
    actual.x + actual.width >= element.x + element.width - 2 && actual.y + actual.height >= element.y + element.height - 2
  t.ok(holds && (actual.width > element.width + 20 || actual.height > element.height + 20), `${what}: ${JSON.stringify(actual)} holds the element's box ${JSON.stringify(element)} and more`)
  const cx = actual.x + actual.width / 2
  const cy = actual.y + actual.height / 2
  t.ok(Math.abs(cx - click.x) <= 1 && Math.abs(cy - click.y) <= 1, `${what}: centred on the click (${click.x}, ${click.y}): (${cx}, ${cy})`)
}

let stack: LearnStack
t.before(async () => {
  stack = await startLearnStack(t)
  await stack.startVisionWorker()
})

t.test('a recorded login and search becomes a pending learned workflow with snapped, read anchors', async (t) => {
  const { trace, page } = await recordOnConnexion(t, 1, async (_page, act) => {
    await act.click('#login')
    await act.type('dr.house')
    await act.click('#password')
    await act.type(PASSWORD)
    await act.press('Enter')
    await act.click('#connect')
    await act.click('#search')
    await act.type('DURAMD')
    await act.press('Backspace')
    await act.press('Backspace')
    await act.type('ND')
    await act.click('#open')
  })
  const boxes = Object.fromEntries(await Promise.all(['#login', '#password', '#connect', '#search', '#open'].map(async (s) => [s, await deviceBox(page, s, 1)] as const)))
  const clicks = trace.events.filter((e): e is LearnedClickEvent => e.type === 'click')
  t.equal(clicks.length, 5, 'five clicks recorded')

  const started = performance.now()
  const res = await stack.call<Workflow>(BOOTSTRAP, 'POST', '/api/v1/learned-workflows', { name: 'Connexion et recherche', description: 'appris', ...trace })
  const ms = performance.now() - started
  t.equal(res.status, 201, JSON.stringify(res.json).slice(0, 300))
  t.comment(`learning a 5-click trace (${trace.events.length} events, ${(JSON.stringify(trace).length / 1e6).toFixed(2)} MB) took ${ms.toFixed(0)} ms through the gateway`)
  const wf = res.json
  t.match(wf, { name: 'Connexion et recherche', description: 'appris', source: 'learned', review_status: 'pending', version: 1 })
  t.same(wf.nodes.map((n) => [n.id, n.type, n.params]), [
    ['n1', 'type_text', { text: 'dr.house' }],
    ['n2', 'type_secret', { variable: 'password' }],
    ['n3', 'hotkey', { keys: ['enter'] }],
    ['n4', 'click_anchor', {}],
    ['n5', 'type_text', { text: 'DURAND' }],
    ['n6', 'click_anchor', {}],
  ], 'a click then typing is one anchored type step; Backspace edited the text; Enter is a hotkey')
  t.same(wf.edges, [['n1', 'n2'], ['n2', 'n3'], ['n3', 'n4'], ['n4', 'n5'], ['n5', 'n6']].map(([from, to]) => ({ from, to })), 'chained in order')
  t.same(wf.nodes.map((n) => n.label), ['Type "dr.house" into login', 'Type the secret password', 'Press enter', 'Click "Se connecter"', 'Type "DURAND" into recherche', 'Click "Ouvrir le dossier"'])

  // the three empty fields look alike (the search field, once the others are filled, still looks like the password
  // field with its dots): cut with context; the buttons are unique
  const anchored = { n1: ['#login', 0, true], n2: ['#password', 1, true], n4: ['#connect', 2, false], n5: ['#search', 3, true], n6: ['#open', 4, false] } as const
  for (const [id, [selector, i, lookAlike]] of Object.entries(anchored)) {
    const anchor = wf.nodes.find((n) => n.id === id)!.anchor!
    if (lookAlike) {
      aroundClick(t, anchor.bbox, boxes[selector]!, clicks[i]!, `${id} cut around ${selector}`)
      t.match(anchor.ocr_description, /^context: the control \(\d+×\d+\) looked like \d+ other places? on the recording screen/, `${id}: says why`)
    } else {
      near(t, anchor.bbox, boxes[selector]!, `${id} snapped to ${selector}`)
      t.equal(anchor.ocr_description, null, `${id}: unique, no note`)
    }
    t.same(anchor.screen, { width: VIEWPORT.width, height: VIEWPORT.height, scale: 1 }, `${id}: the recording screen`)
    t.equal(anchor.screenshot_sha256, sha256(clicks[i]!.screenshot), `${id}: the screenshot taken before its click, kept as context`)
    t.same([anchor.image_width, anchor.image_height], [anchor.bbox.width, anchor.bbox.height], `${id}: the image is the box cut out`)
    const image = await stack.raw(BOOTSTRAP, anchor.image_url)
    const cut = await sharp(Buffer.from(clicks[i]!.screenshot, 'base64')).extract({ left: anchor.bbox.x, top: anchor.bbox.y, width: anchor.bbox.width, height: anchor.bbox.height }).raw().toBuffer()
    t.ok((await sharp(image.body).raw().toBuffer()).equals(cut), `${id}: its pixels are the recorded screen's`)
  }
  t.equal(wf.nodes[3]!.anchor!.target_text, 'Se connecter', 'OCR reads the button')
  t.equal(wf.nodes[5]!.anchor!.target_text, 'Ouvrir le dossier')
  t.equal(wf.nodes[0]!.anchor!.target_text, null, 'an empty field reads nothing: no target_text')
  t.equal(wf.nodes[1]!.anchor!.target_text, null, "a password field's text is never read")

  const shots = [...new Set(wf.nodes.flatMap((n) => n.anchor?.screenshot_sha256 ?? []))]
  const kept = await stack.sql.query('SELECT count(*)::int AS n FROM images WHERE sha256 = ANY($1) AND expires_at IS NULL', [shots])
  t.equal(kept.rows[0].n, shots.length, `the recorded screenshots (${shots.length} different) are kept for good, no longer transient`)

  // The secret: sealed in workflow_secrets, bound to this workflow, nowhere in clear.
  const exported = await stack.call(BOOTSTRAP, 'GET', `/api/v1/workflows/${wf.id}/export`)
  const read = await stack.call(BOOTSTRAP, 'GET', `/api/v1/workflows/${wf.id}`)
  for (const [what, body] of [['the creation answer', wf], ['GET', read.json], ['the export', exported.json]] as const) {
    t.notOk(JSON.stringify(body).includes(PASSWORD), `${what} does not hold the password`)
  }
  for (const table of ['workflows', 'nodes', 'anchors', 'edges', 'audit_log', 'workflow_secrets']) {
    const rows = await stack.sql.query(`SELECT t::text AS row FROM ${table} t`)
    t.notOk(rows.rows.some((r) => r.row.includes(PASSWORD)), `no row of ${table} holds the password in clear`)
  }
  const secrets = await stack.sql.query('SELECT variable, sealed FROM workflow_secrets WHERE workflow_id = $1', [wf.id])
  t.same(secrets.rows.map((r) => r.variable), ['password'])
  t.equal(openSecret(parseSecretKey(SECRET_KEY), secrets.rows[0].sealed, recordedSecretContext(wf.id, 'password')), PASSWORD, 'the sealed value opens with the key, for this workflow and variable')
  t.equal((await stack.call(BOOTSTRAP, 'GET', `/internal/workflows/${wf.id}/secrets`)).status, 404, 'the internal route is not public')

  const list = await stack.call(BOOTSTRAP, 'GET', '/api/v1/workflows?source=learned&review_status=pending')
  t.same(list.json.items.map((w: Workflow) => w.id), [wf.id], 'listed among learned workflows pending review')
  const deleted = await stack.call(BOOTSTRAP, 'DELETE', `/api/v1/workflows/${wf.id}`)
  t.equal(deleted.status, 204)
  t.equal((await stack.sql.query('SELECT count(*)::int AS n FROM workflow_secrets')).rows[0].n, 0, 'its secrets go with it')
})

t.test('at a display scale of 125 %: coordinates, boxes and screen in device pixels', async (t) => {
  const scale = 1.25
  const { trace, page } = await recordOnConnexion(t, scale, async (_page, act) => {
    await act.click('#login')
    await act.type('Durand')
    await act.click('#connect')
  })
  t.same(trace.screen, { width: VIEWPORT.width * scale, height: VIEWPORT.height * scale, scale })
  const res = await stack.call<Workflow>(BOOTSTRAP, 'POST', '/api/v1/learned-workflows', { name: 'À 125 %', ...trace })
  t.equal(res.status, 201, JSON.stringify(res.json).slice(0, 300))
  const [type, click] = res.json.nodes
  t.same([type!.type, type!.params, click!.type], ['type_text', { text: 'Durand' }, 'click_anchor'])
  const typedAt = trace.events.find((e) => e.type === 'click')!
  aroundClick(t, type!.anchor!.bbox, await deviceBox(page, '#login', scale), typedAt as LearnedClickEvent, 'the field (it looks like the password field: cut with context), in device pixels')
  near(t, click!.anchor!.bbox, await deviceBox(page, '#connect', scale), 'the button, in device pixels')
  t.same(click!.anchor!.screen, { width: 1280, height: 800, scale })
  t.equal(click!.anchor!.target_text, 'Se connecter')
  const fixedLike = click!.anchor!.bbox.width === 200 && click!.anchor!.bbox.height === 60
  t.notOk(fixedLike, 'snapped, not the fixed box')
})

t.test('a click on nothing in particular: a fixed box centred on it; a right and a double click keep their kind', async (t) => {
  const { trace } = await recordOnConnexion(t, 1, async (page, act) => {
    await act.click('header')
    await page.mouse.click(900, 500, { button: 'right' })
    const open = (await page.locator('#open').boundingBox())!
    await page.waitForTimeout(600)
    await page.mouse.dblclick(open.x + 20, open.y + 10)
  })
  const res = await stack.call<Workflow>(BOOTSTRAP, 'POST', '/api/v1/learned-workflows', { name: 'Clics divers', ...trace })
  t.equal(res.status, 201, JSON.stringify(res.json).slice(0, 300))
  t.same(res.json.nodes.map((n) => n.type), ['click_anchor', 'right_click_anchor', 'double_click_anchor'])
  const right = res.json.nodes[1]!.anchor!
  t.same(right.bbox, { x: 820, y: 476, width: 160, height: 48 }, 'empty page: 160×48 centred on the click')
  t.equal(res.json.nodes[1]!.label, 'Right-click at (900, 500)')
})
