import t from 'tap'
import { count, openDb, schema } from '@rpa-vision/db'
import { makeJpeg, makePngBomb } from '../../../test/helpers/index.js'
import { pngBase64, sampleWorkflow, startWorkflows } from './harness.js'

const h = await startWorkflows(t, { imageMaxPixels: 4_000_000 })
const { db, close } = openDb({ url: h.database.url })
t.teardown(close)

async function rowCounts() {
  const [[w], [n], [i]] = await Promise.all([
    db.select({ c: count() }).from(schema.workflows),
    db.select({ c: count() }).from(schema.nodes),
    db.select({ c: count() }).from(schema.images),
  ])
  return { workflows: w!.c, nodes: n!.c, images: i!.c }
}

type Body = Awaited<ReturnType<typeof sampleWorkflow>>
type Case = [string, (b: Body) => unknown, RegExp]

const cases: Case[] = [
  ['missing name', (b) => ({ ...b, name: undefined }), /body\.name is required/],
  ['unknown property', (b) => ({ ...b, colour: 'red' }), /unknown property "colour"/],
  ['unknown node type', (b) => ({ ...b, nodes: [{ ...b.nodes[0], type: 'teleport' }] }), /body\.nodes\[0\]\.type/],
  ['edge to an unknown node', (b) => ({ ...b, edges: [...b.edges, { from: 'n4', to: 'n9' }] }), /edges\[3\]\.to names unknown node "n9"/],
  ['a cycle', (b) => ({ ...b, edges: [...b.edges, { from: 'n4', to: 'n1' }] }), /cycle among nodes .*"n1"/],
  ['a self loop', (b) => ({ ...b, edges: [{ from: 'n2', to: 'n2' }] }), /edges\[0\] links node "n2" to itself/],
  ['a repeated edge', (b) => ({ ...b, edges: [...b.edges, b.edges[0]] }), /edges\[3\] repeats the edge "n1" → "n2"/],
  ['duplicate node ids', (b) => ({ ...b, nodes: [...b.nodes, b.nodes[3]] }), /nodes\[4\]\.id "n4" is used by another node/],
  ['no nodes', (b) => ({ ...b, nodes: [], edges: [] }), /at least one node/],
  ['a missing required param', (b) => ({ ...b, nodes: [b.nodes[0], { ...b.nodes[1], params: {} }, ...b.nodes.slice(2)] }), /node "n2" \(type_text\): params\.text is required/],
  ['a param of the wrong type', (b) => ({ ...b, nodes: [...b.nodes.slice(0, 3), { ...b.nodes[3], params: { input: 'dossier', variable: 7 } }] }), /node "n4" \(t2a_decision\): params\.variable must be string/],
  ['an unknown param', (b) => ({ ...b, nodes: [...b.nodes.slice(0, 3), { ...b.nodes[3], params: { input: 'a', variable: 'b', model: 'x' } }] }), /node "n4" \(t2a_decision\): params has unknown property "model"/],
  ['a click without anchor', (b) => ({ ...b, nodes: [{ id: 'n1', type: 'click_anchor' }, ...b.nodes.slice(1)] }), /node "n1" \(click_anchor\) needs an anchor/],
  ['an anchor on a hotkey', (b) => ({ ...b, nodes: [...b.nodes, { id: 'n5', type: 'hotkey', params: { keys: ['ctrl', 's'] }, anchor: b.nodes[0]!.anchor }] }), /node "n5" \(hotkey\) takes no anchor/],
  ['extract_text with neither anchor nor region', (b) => ({ ...b, nodes: [...b.nodes.slice(0, 2), { id: 'n3', type: 'extract_text', params: { variable: 'd' } }, b.nodes[3]] }), /node "n3" \(extract_text\) needs an anchor or params\.region/],
  ['an anchor with no image', (b) => ({ ...b, nodes: [{ ...b.nodes[0], anchor: { ...b.nodes[0]!.anchor, image: undefined } }, ...b.nodes.slice(1)] }), /node "n1" \(click_anchor\): exactly one of anchor\.image and anchor\.image_sha256/],
  ['a bbox outside the screen', (b) => ({ ...b, nodes: [{ ...b.nodes[0], anchor: { ...b.nodes[0]!.anchor, bbox: { x: 1900, y: 10, width: 120, height: 32 } } }, ...b.nodes.slice(1)] }), /node "n1" \(click_anchor\): anchor\.bbox .* outside the recorded screen 1920×1080/],
  ['a bad bbox', (b) => ({ ...b, nodes: [{ ...b.nodes[0], anchor: { ...b.nodes[0]!.anchor, bbox: { x: -1, y: 0, width: 1, height: 1 } } }, ...b.nodes.slice(1)] }), /body\.nodes\[0\]\.anchor\.bbox\.x must be >= 0/],
  ['an image that is not base64', (b) => ({ ...b, nodes: [{ ...b.nodes[0], anchor: { ...b.nodes[0]!.anchor, image: '!!!not base64!!!' } }, ...b.nodes.slice(1)] }), /node "n1" anchor\.image is not valid base64/],
  ['an image that is not an image', (b) => ({ ...b, nodes: [{ ...b.nodes[0], anchor: { ...b.nodes[0]!.anchor, image: Buffer.from('just some text, no pixels').toString('base64') } }, ...b.nodes.slice(1)] }), /node "n1" anchor\.image is not a decodable PNG or JPEG/],
  ['an unknown image hash', (b) => ({ ...b, nodes: [{ ...b.nodes[0], anchor: { ...b.nodes[0]!.anchor, image: undefined, image_sha256: 'a'.repeat(64) } }, ...b.nodes.slice(1)] }), /node "n1" anchor\.image_sha256 names an image that is not stored/],
]

t.test('every invalid workflow is a 400 naming the field or node, and writes nothing', async (t) => {
  const before = await rowCounts()
  const body = await sampleWorkflow()
  for (const [name, mutate, message] of cases) {
    const res = await h.call({ method: 'POST', url: '/api/v1/workflows', payload: mutate(structuredClone(body)) as object })
    t.equal(res.statusCode, 400, `${name}: ${res.body}`)
    t.match(res.json(), { error: { code: /^[A-Z_]+$/, message } }, name)
  }
  t.same(await rowCounts(), before, 'nothing was written')
})

t.test('the same validation guards replace, with the old version left intact', async (t) => {
  const body = await sampleWorkflow()
  const wf = (await h.call({ method: 'POST', url: '/api/v1/workflows', payload: body })).json()
  for (const [name, mutate, message] of cases.slice(3, 8)) {
    const res = await h.call({ method: 'PUT', url: `/api/v1/workflows/${wf.id}`, payload: { ...(mutate(structuredClone(body)) as object), version: 1 } })
    t.equal(res.statusCode, 400, name)
    t.match(res.json().error.message, message)
  }
  const after = (await h.call({ method: 'GET', url: `/api/v1/workflows/${wf.id}` })).json()
  t.same(after, wf)
})

t.test('a decompression bomb and an oversized image are refused before decoding', async (t) => {
  const before = await rowCounts()
  const body = await sampleWorkflow()
  const bomb = makePngBomb()
  const withImage = (image: string) => ({ ...body, nodes: [{ ...body.nodes[0], anchor: { ...body.nodes[0]!.anchor, image } }, ...body.nodes.slice(1)] })
  const res = await h.call({ method: 'POST', url: '/api/v1/workflows', payload: withImage(bomb.toString('base64')) })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { error: { code: 'INVALID_IMAGE', message: /node "n1" anchor\.image is 30000×30000 pixels, over the limit of 4000000/ } })
  const big = await h.call({ method: 'POST', url: '/api/v1/workflows', payload: withImage(await pngBase64(2001, 2000)) })
  t.equal(big.statusCode, 400)
  t.match(big.json().error.message, /2001×2000 pixels/)
  t.same(await rowCounts(), before)
})

t.test('a truncated PNG is refused; JPEG is accepted; data: URLs are accepted', async (t) => {
  const body = await sampleWorkflow()
  const png = Buffer.from(await pngBase64(300, 200, 7), 'base64')
  const withImage = (image: string) => ({ ...body, nodes: [{ ...body.nodes[0], anchor: { ...body.nodes[0]!.anchor, image } }, ...body.nodes.slice(1)] })
  const truncated = await h.call({ method: 'POST', url: '/api/v1/workflows', payload: withImage(png.subarray(0, png.length - 40).toString('base64')) })
  t.equal(truncated.statusCode, 400)
  t.match(truncated.json().error.message, /node "n1" anchor\.image is (a corrupt or truncated|not a decodable)/)

  const jpeg = await makeJpeg(120, 32)
  const ok = await h.call({ method: 'POST', url: '/api/v1/workflows', payload: withImage(`data:image/jpeg;base64,${jpeg.toString('base64')}`) })
  t.equal(ok.statusCode, 201, ok.body)
  const img = await h.call({ method: 'GET', url: ok.json().nodes[0].anchor.image_url })
  t.equal(img.headers['content-type'], 'image/jpeg')
  t.same(img.rawPayload, jpeg)
})

t.test('images are stored once by content hash and can be referenced by it', async (t) => {
  const body = await sampleWorkflow()
  const first = (await h.call({ method: 'POST', url: '/api/v1/workflows', payload: body })).json()
  const { images: imagesBefore } = await rowCounts()
  const second = (await h.call({ method: 'POST', url: '/api/v1/workflows', payload: body })).json()
  t.equal((await rowCounts()).images, imagesBefore, 'the same images were not stored again')
  t.equal(second.nodes[0].anchor.image_sha256, first.nodes[0].anchor.image_sha256)

  const byRef = {
    ...body,
    nodes: [{ ...body.nodes[0], anchor: { ...body.nodes[0]!.anchor, image: undefined, image_sha256: first.nodes[0].anchor.image_sha256 } }, ...body.nodes.slice(1)],
  }
  const res = await h.call({ method: 'POST', url: '/api/v1/workflows', payload: byRef })
  t.equal(res.statusCode, 201, res.body)
  t.equal(res.json().nodes[0].anchor.image_sha256, first.nodes[0].anchor.image_sha256)
})

t.test('anchor upload replaces one node anchor, checks the node and the version', async (t) => {
  const body = await sampleWorkflow()
  const wf = (await h.call({ method: 'POST', url: '/api/v1/workflows', payload: body })).json()
  const anchor = { image: await pngBase64(140, 40, 9), bbox: { x: 10, y: 20, width: 140, height: 40 }, screen: { width: 1280, height: 720, scale: 1.25 }, target_text: 'Enregistrer', screenshot: await pngBase64(1280, 720, 3) }
  const res = await h.call({ method: 'PUT', url: `/api/v1/workflows/${wf.id}/nodes/n1/anchor`, payload: { ...anchor, version: 1 } })
  t.equal(res.statusCode, 200, res.body)
  const n1 = res.json().nodes[0]
  t.match(n1.anchor, { bbox: anchor.bbox, screen: anchor.screen, target_text: 'Enregistrer', image_width: 140, image_height: 40 })
  t.match(n1.anchor.screenshot_sha256, /^[0-9a-f]{64}$/)
  t.equal(res.json().version, 2)
  t.same(res.json().nodes.slice(1), wf.nodes.slice(1), 'other nodes untouched')
  const img = await h.call({ method: 'GET', url: n1.anchor.image_url })
  t.same(img.rawPayload, Buffer.from(anchor.image, 'base64'))

  const stale = await h.call({ method: 'PUT', url: `/api/v1/workflows/${wf.id}/nodes/n1/anchor`, payload: { ...anchor, version: 1 } })
  t.equal(stale.statusCode, 409)
  const noNode = await h.call({ method: 'PUT', url: `/api/v1/workflows/${wf.id}/nodes/n9/anchor`, payload: anchor })
  t.equal(noNode.statusCode, 404)
  t.match(noNode.json().error.message, /node "n9"/)
  const noAnchorType = await h.call({ method: 'PUT', url: `/api/v1/workflows/${wf.id}/nodes/n4/anchor`, payload: anchor })
  t.equal(noAnchorType.statusCode, 400)
  t.match(noAnchorType.json().error.message, /node "n4" \(t2a_decision\) takes no anchor/)
  const notImage = await h.call({ method: 'PUT', url: `/api/v1/workflows/${wf.id}/nodes/n1/anchor`, payload: { ...anchor, image: Buffer.from('GIF89a nope').toString('base64') } })
  t.equal(notImage.statusCode, 400)
  t.equal((await h.call({ method: 'GET', url: `/api/v1/workflows/${wf.id}` })).json().version, 2, 'refused uploads change nothing')
})
