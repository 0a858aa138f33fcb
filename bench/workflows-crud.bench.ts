import autocannon from 'autocannon'
import { request } from 'undici'
import { INTERNAL_SECRET_HEADER } from '@rpa-vision/contracts'
import { readGatewayConfig } from '@rpa-vision/config'
import { buildApp as buildGateway } from '../services/gateway/src/app.js'
import { buildApp } from '../services/workflows/src/app.js'
import { createTestDatabase, makePng, TEST_REDIS_URL, testQueuePrefix } from '../test/helpers/index.js'
import { percentile, round, timeEach, type BenchResult } from './lib/measure.js'

const SECRET = 'bench-secret'

async function sampleBody(i: number) {
  const anchor = async (seed: number) => ({
    image: (await makePng(120, 32, seed)).toString('base64'),
    bbox: { x: 812, y: 540, width: 120, height: 32 },
    screen: { width: 1920, height: 1080, scale: 1 },
    target_text: 'Valider',
  })
  return {
    name: `bench ${i}`,
    nodes: [
      { id: 'n1', type: 'click_anchor', anchor: await anchor(i * 3 + 1) },
      { id: 'n2', type: 'type_text', params: { text: '{{ipp}}' }, anchor: await anchor(i * 3 + 2) },
      { id: 'n3', type: 'extract_text', params: { variable: 'dossier' }, anchor: await anchor(i * 3 + 3) },
      { id: 'n4', type: 't2a_decision', params: { input: 'dossier', variable: 't2a' } },
    ],
    edges: [{ from: 'n1', to: 'n2' }, { from: 'n2', to: 'n3' }, { from: 'n3', to: 'n4' }],
  }
}

const TOKEN = 'bench-bootstrap-token'

/**
 * The workflows service over real HTTP: create (3 anchors) and read latency, then read throughput, directly and
 * through the gateway (auth, headers, rate limit, proxy) in the same run: the gateway's cost is the difference.
 */
export default async function (): Promise<BenchResult> {
  const database = await createTestDatabase({ migrate: false })
  const app = await buildApp({ databaseUrl: database.url, internalSecret: SECRET, imageMaxPixels: 40_000_000, screenshotTtlHours: 24, log: false })
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const headers = { [INTERNAL_SECRET_HEADER]: SECRET, 'content-type': 'application/json' }
  const gateway = await buildGateway(
    readGatewayConfig({
      DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: testQueuePrefix(), INTERNAL_SECRET: SECRET,
      RPA_API_TOKEN: TOKEN, LOG_LEVEL: 'silent', WORKFLOWS_URL: base, RATE_LIMIT_MAX: '100000000',
    }),
  )
  const gatewayBase = await gateway.listen({ port: 0, host: '127.0.0.1' })
  const viaGateway = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }
  try {
    const n = 200
    const bodies = await Promise.all(Array.from({ length: n + 10 }, (_, i) => sampleBody(i)).map(async (b) => JSON.stringify(await b)))
    const ids: string[] = []
    const create = await timeEach(n, async (i) => {
      const res = await request(`${base}/api/v1/workflows`, { method: 'POST', headers, body: bodies[i] })
      const wf = (await res.body.json()) as { id: string }
      if (res.statusCode !== 201) throw new Error(`create answered ${res.statusCode}`)
      ids.push(wf.id)
    }, 10)
    const read = await timeEach(n, async (i) => {
      const res = await request(`${base}/api/v1/workflows/${ids[i]}`, { headers })
      await res.body.dump()
    })
    const readViaGateway = await timeEach(n, async (i) => {
      const res = await request(`${gatewayBase}/api/v1/workflows/${ids[i]}`, { headers: viaGateway })
      await res.body.dump()
      if (res.statusCode !== 200) throw new Error(`gateway read answered ${res.statusCode}`)
    })
    const load = await autocannon({ url: `${base}/api/v1/workflows/${ids[0]}`, headers, connections: 20, duration: 5 })
    const gatewayLoad = await autocannon({ url: `${gatewayBase}/api/v1/workflows/${ids[0]}`, headers: viaGateway, connections: 20, duration: 5 })
    return {
      'create workflow, 4 nodes / 3 anchors, p50 (ms)': round(percentile(create, 50)),
      'create workflow p99 (ms)': round(percentile(create, 99)),
      'read workflow p50 (ms)': round(percentile(read, 50)),
      'read workflow p99 (ms)': round(percentile(read, 99)),
      'read via gateway p50 (ms)': round(percentile(readViaGateway, 50)),
      'read via gateway p99 (ms)': round(percentile(readViaGateway, 99)),
      'read throughput direct, 20 connections (req/s)': Math.round(load.requests.average),
      'read throughput via gateway (req/s)': Math.round(gatewayLoad.requests.average),
      'read latency under load p99, direct / gateway (ms)': `${load.latency.p99} / ${gatewayLoad.latency.p99}`,
      'non-2xx under load, direct / gateway': `${load.non2xx} / ${gatewayLoad.non2xx}`,
    }
  } finally {
    await gateway.close()
    await app.close()
    await database.drop()
  }
}
