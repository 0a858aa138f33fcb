import { randomBytes } from 'node:crypto'
import { loadavg } from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { Pool } from 'undici'
import type { VisionResolvePayload, VisionResolveResult } from '@rpa-vision/contracts'
import { migrateDb } from '@rpa-vision/db'
import { createRedis, createTypedWorker } from '@rpa-vision/queue'
import { makePng } from '../test/helpers/images.js'
import { freePort } from '../test/helpers/ports.js'
import type { BenchResult } from './lib/measure.js'
import { CpuMeter, startService, stopService, type ServiceProcess } from './lib/processes.js'
import { Fleet, PERFORM_MS, PERFORM_SCALE, type Fault, type Integrity, type Kind, type VerifyReport, type WindowStats } from './lib/replay-fleet.js'
import { ms } from './lib/samples.js'

/**
 * The replay protocol under load, as in production: workflows, replay and gateway run as their own processes; this
 * process is the load generator (simulated agents over real HTTP through the gateway) and the scripted workers
 * (vision.resolve answers at once, llm.t2a_decision takes 8 s). All of it shares the machine's cores with PostgreSQL
 * and Redis.
 *
 * Phase 1: 200 agents polling 10 times a second each (2,000 polls/s offered) for 60 s, with faults injected; then
 * every session is read back and compared with what the agents performed. Phase 2: agents are added 1,000 polls/s
 * at a time until poll p99 passes 100 ms or the achieved rate falls clearly below the offered one (or, when 2,000/s
 * already fails, taken out until it passes).
 *
 * Agents: 9 in 10 replay a 40-action UI workflow (15 anchored actions, resolved by a vision.resolve job) and start a
 * new session when one ends; 1 in 10 replays type + 8-s T2A steps, so most of its polls answer server_busy. An agent
 * takes a human-paced time to perform an action (bench/lib/replay-fleet.ts PERFORM_MS; BENCH_REPLAY_PERFORM_SCALE)
 * and keeps polling meanwhile, so the offered poll rate is exact. Faults: agent #0 forgets a leased action, #1 loses
 * a result (the response, then retries; or the request, then answers the re-offer), #2 posts every result twice.
 *
 * Shorter runs: BENCH_REPLAY_SECONDS, BENCH_REPLAY_WARMUP_SECONDS, BENCH_RAMP_STEP_SECONDS; BENCH_RAMP=0 skips phase 2.
 * BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the three services.
 */

const env = process.env
const num = (name: string, dflt: number): number => {
  const v = env[name]
  if (v === undefined || v === '') return dflt
  const n = Number(v)
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name}=${v} is not a number`)
  return n
}

const SECONDS = num('BENCH_REPLAY_SECONDS', 60)
const WARMUP_SECONDS = num('BENCH_REPLAY_WARMUP_SECONDS', 5)
const AGENTS = num('BENCH_REPLAY_AGENTS', 200)
const PERIOD_MS = 100
const LEASE_MS = num('BENCH_REPLAY_LEASE_MS', 2000)
const T2A_MS = num('BENCH_REPLAY_T2A_MS', 8000)
const ROUNDS = num('BENCH_REPLAY_ROUNDS', 5)
const SERVER_STEPS = 10
const RAMP = env.BENCH_RAMP !== '0'
const RAMP_STEP_SECONDS = num('BENCH_RAMP_STEP_SECONDS', 15)
const RAMP_SETTLE_SECONDS = num('BENCH_RAMP_SETTLE_SECONDS', 5)
const RAMP_START = num('BENCH_RAMP_START', 3000)
const RAMP_INCREMENT = num('BENCH_RAMP_INCREMENT', 1000)
const RAMP_MAX = num('BENCH_RAMP_MAX', 20000)
const P99_LIMIT_MS = 100
/** when the issue's 2,000 polls/s already fails, the rates tried below it */
const RAMP_DOWN = [1500, 1000, 750, 500, 300, 200, 100]
const RATE_LIMIT_MAX = '1000000000'

const ADMIN_PG_URL = env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const REDIS_URL = env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'
const BOOTSTRAP = `bench-bootstrap-${randomBytes(12).toString('hex')}`
const INTERNAL_SECRET = randomBytes(24).toString('hex')

const say = (line: string) => process.stderr.write(`[replay-load] ${line}\n`)

function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_PG_URL })
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}

/** Found where recorded, a few pixels off (as if the window had moved): what a healthy vision worker answers. */
function resolved(data: VisionResolvePayload): VisionResolveResult {
  const b = data.anchor.bbox ?? { x: 0, y: 0, width: 2, height: 2 }
  return {
    found: true, x: b.x + b.width / 2 + 3, y: b.y + b.height / 2 + 2, bbox: { ...b, x: b.x + 3, y: b.y + 2 },
    score: 0.97, method: 'template', scale: 1, candidates: [], reason: null,
  }
}

async function anchor(seed: number, x: number, y: number) {
  return {
    image: (await makePng(24, 12, seed)).toString('base64'),
    bbox: { x, y, width: 24, height: 12 },
    screen: { width: 1280, height: 800, scale: 1 },
  }
}

/**
 * The agents' workflow: ROUNDS rounds of click (anchored), type into an anchored field (a pre-click, then the text),
 * hotkey, wait 500 ms, type (no anchor), double-click (anchored), scroll: 8 actions a round, 3 of them resolved.
 */
async function agentWorkflow() {
  const nodes: unknown[] = []
  for (let r = 0; r < ROUNDS; r++) {
    const s = r * 3 + 1
    nodes.push(
      { id: `r${r}_open`, type: 'click_anchor', anchor: await anchor(s, 100 + r * 7, 50) },
      { id: `r${r}_ipp`, type: 'type_text', params: { text: 'IPP {{ipp}}' }, anchor: await anchor(s + 1, 300, 120 + r * 5) },
      { id: `r${r}_save`, type: 'hotkey', params: { keys: ['ctrl', 's'] } },
      { id: `r${r}_pause`, type: 'wait', params: { ms: 500 } },
      { id: `r${r}_note`, type: 'type_text', params: { text: `note ${r}` } },
      { id: `r${r}_row`, type: 'double_click_anchor', anchor: await anchor(s + 2, 600, 300 + r * 9) },
      { id: `r${r}_down`, type: 'scroll', params: { dy: -3 } },
    )
  }
  const ids = nodes.map((n) => (n as { id: string }).id)
  return { name: 'bench agent workflow', nodes, edges: ids.slice(1).map((to, i) => ({ from: ids[i]!, to })) }
}

/** The server-side workflow: SERVER_STEPS times a typed line then an 8-second T2A decision on a given variable. */
function serverWorkflow() {
  const nodes: unknown[] = []
  for (let r = 0; r < SERVER_STEPS; r++) {
    nodes.push(
      { id: `s${r}_type`, type: 'type_text', params: { text: `Dossier ${r}: {{dossier}}` } },
      { id: `s${r}_t2a`, type: 't2a_decision', params: { input: 'dossier', variable: 't2a' } },
    )
  }
  const ids = nodes.map((n) => (n as { id: string }).id)
  return { name: 'bench server-step workflow', nodes, edges: ids.slice(1).map((to, i) => ({ from: ids[i]!, to })) }
}

function kindOf(i: number): Kind {
  return i % 10 === 9 ? 'server' : 'agent'
}

function faultOf(i: number): Fault {
  return i === 0 ? 'forget' : i === 1 ? 'lose' : i === 2 ? 'double' : null
}

function counts(map: Record<string, number>): string {
  const entries = Object.entries(map)
  return entries.length ? entries.map(([k, v]) => `${k}: ${v}`).join(', ') : '0'
}

function sum(map: Record<string, number>): number {
  return Object.values(map).reduce((a, b) => a + b, 0)
}

type IntegrityCounts = Omit<Integrity, 'forgetDelays' | 'anomalies' | 'note'>

function snapshot(i: Integrity): IntegrityCounts {
  const out: Record<string, number> = {}
  for (const [k, v] of Object.entries(i)) if (typeof v === 'number') out[k] = v
  return out as unknown as IntegrityCounts
}

function twice(i: IntegrityCounts): number {
  return i.performedTwice + i.reofferedAfterRecorded + i.differentActionSameSeq + i.recordedTwice
}


function windowRows(prefix: string, w: WindowStats, offered: number): BenchResult {
  const busy = Object.entries(w.busy).map(([k, v]) => `${k} ${v}`).join(', ')
  return {
    [`${prefix}poll latency p50 / p99 / max (ms)`]: `${ms(w.poll.percentile(50))} / ${ms(w.poll.percentile(99))} / ${ms(w.poll.max)}`,
    [`${prefix}polls/s offered / achieved`]: `${offered} / ${Math.round(w.pollsSent / w.seconds)}`,
    [`${prefix}polls sent / answered`]: `${w.pollsSent} / ${w.pollsAnswered} in ${w.seconds.toFixed(1)} s`,
    [`${prefix}polls not sent: previous outstanding / generator late / agent starting a session`]:
      `${w.skippedOutstanding} / ${w.skippedGeneratorLate} / ${w.skippedNoSession}`,
    [`${prefix}poll answers: action / screenshot asked / server_busy / done`]: `${w.actionsOffered} / ${w.screenshotAsks} / ${w.busyTotal} (${busy || 'none'}) / ${w.doneAnswers}`,
    [`${prefix}result latency p50 / p99 / max (ms)`]: `${ms(w.result.percentile(50))} / ${ms(w.result.percentile(99))} / ${ms(w.result.max)}`,
    [`${prefix}actions completed (result recorded, duplicate: false)`]: w.completed,
    [`${prefix}actions completed per second`]: Math.round(w.completed / w.seconds),
    [`${prefix}results answered duplicate: true`]: w.duplicates,
    [`${prefix}sessions started / succeeded / failed`]: `${w.sessionsStarted} / ${w.sessionsSucceeded} / ${w.sessionsFailed}`,
    [`${prefix}non-2xx`]: counts(w.non2xx),
    [`${prefix}errors (network, timeouts)`]: counts(w.errors),
  }
}

interface RampStep {
  offered: number
  agents: number
  achieved: number
  p50: number
  p99: number
  max: number
  skipped: number
  completedPerSecond: number
  errors: number
  cpu: string
  loopP99: number
}

export default async function (): Promise<BenchResult> {
  const loadAtStart = loadavg().map((l) => l.toFixed(2)).join(' ')
  say(`load average at start: ${loadAtStart}`)
  const dbName = `rpa_bench_${randomBytes(6).toString('hex')}`
  const prefix = `rpa_bench_${randomBytes(6).toString('hex')}`
  const databaseUrl = withDatabase(ADMIN_PG_URL, dbName)
  await adminQuery(`CREATE DATABASE "${dbName}"`)
  const services: ServiceProcess[] = []
  const cleanups: (() => Promise<unknown>)[] = []
  try {
    await migrateDb(databaseUrl)
    const [workflowsPort, replayPort, gatewayPort] = [await freePort(), await freePort(), await freePort()]
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl, REDIS_URL, QUEUE_PREFIX: prefix, INTERNAL_SECRET, RPA_API_TOKEN: BOOTSTRAP,
      REPLAY_SECRET_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'warn', LOG_FORMAT: 'json',
      WORKFLOWS_PORT: String(workflowsPort), REPLAY_PORT: String(replayPort), GATEWAY_PORT: String(gatewayPort),
      WORKFLOWS_URL: `http://127.0.0.1:${workflowsPort}`, REPLAY_URL: `http://127.0.0.1:${replayPort}`,
      RATE_LIMIT_MAX, REPLAY_LEASE_MS: String(LEASE_MS),
    }
    for (const [name, entry, port] of [
      ['workflows', 'services/workflows/src/main.ts', workflowsPort],
      ['replay', 'services/replay/src/main.ts', replayPort],
      ['gateway', 'services/gateway/src/main.ts', gatewayPort],
    ] as const) {
      services.push(await startService(name, entry, childEnv, `http://127.0.0.1:${port}/health`))
    }
    const base = `http://127.0.0.1:${gatewayPort}`
    say(`services up (gateway ${base}, database ${dbName}, queue prefix ${prefix})`)

    // The scripted workers: resolve and OCR at once, the T2A decision in T2A_MS (cancelled with its job).
    const connections = [createRedis(REDIS_URL), createRedis(REDIS_URL), createRedis(REDIS_URL)] as const
    const workers = [
      createTypedWorker('vision.resolve', async (job) => resolved(job.data), { connection: connections[0], prefix, concurrency: 64, timeoutMs: 30_000 }),
      createTypedWorker('vision.extract_text', async () => ({ text: 'Patient admis en UHCD.', words: [] }), { connection: connections[1], prefix, concurrency: 16, timeoutMs: 30_000 }),
      createTypedWorker('llm.t2a_decision', async (_job, signal) => {
        await sleep(T2A_MS, undefined, { signal })
        return { id: '00000000-0000-4000-8000-000000000000', provider: 'scripted', model: null, attempts: 1, final_decision: 'ghs' as const, decision_reason: 'scripted', model_decision: 'ghs' as const, criteria: [], reserve_hospitaliere: { status: 'unknown' as const, citations: [] }, flags: [] }
      }, { connection: connections[2], prefix, concurrency: 500, timeoutMs: 60_000 }),
    ]
    cleanups.push(async () => {
      await Promise.all(workers.map((w) => w.close(true)))
      for (const c of connections) c.disconnect()
    })

    const pool = new Pool(base, { connections: 2048, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000 })
    cleanups.unshift(() => pool.close())
    const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await pool.request({
        method: method as 'POST', path, headers: { authorization: `Bearer ${BOOTSTRAP}`, 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      const json = (await res.body.json()) as T
      if (res.statusCode >= 300) throw new Error(`${method} ${path} answered ${res.statusCode}: ${JSON.stringify(json)}`)
      return json
    }
    const agentWf = await admin<{ id: string }>('POST', '/api/v1/workflows', await agentWorkflow())
    const serverWf = await admin<{ id: string }>('POST', '/api/v1/workflows', serverWorkflow())

    const tokens: { agentId: string; token: string }[] = []
    const makeTokens = async (n: number) => {
      const from = tokens.length
      const queue = Array.from({ length: n - from }, (_, k) => from + k)
      const made = new Map<number, { agentId: string; token: string }>()
      await Promise.all(Array.from({ length: 8 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
          const agentId = `bench-agent-${String(i).padStart(4, '0')}`
          const { token } = await admin<{ token: string }>('POST', '/api/v1/tokens', { name: agentId, role: 'agent', agent_id: agentId })
          made.set(i, { agentId, token })
        }
      }))
      for (let i = from; i < n; i++) tokens.push(made.get(i)!)
    }
    const screenshots = await Promise.all(Array.from({ length: 8 }, async (_, i) => (await makePng(64, 48, 100 + i)).toString('base64')))
    const fleet = new Fleet({
      pool, periodMs: PERIOD_MS, screenshots, requestTimeoutMs: 15_000,
      workflows: { agent: agentWf.id, server: serverWf.id },
      variables: { agent: { ipp: '123456' }, server: { dossier: 'Patient admis en UHCD à H+2, surveillance neurologique.' } },
    })
    const grow = async (n: number, spreadMs: number) => {
      const from = fleet.agents.length
      await makeTokens(n)
      fleet.add(tokens.slice(from, n).map((t, k) => ({ ...t, kind: kindOf(from + k), fault: faultOf(from + k) })), spreadMs)
    }
    cleanups.unshift(() => fleet.pause())

    const loop = monitorEventLoopDelay({ resolution: 10 })
    loop.enable()
    const cpu = new CpuMeter(CpuMeter.groupsFor(services))

    // Phase 1: the issue's load.
    await grow(AGENTS, 2000)
    say(`${AGENTS} agents started; warming up ${WARMUP_SECONDS} s, then measuring ${SECONDS} s`)
    await sleep(WARMUP_SECONDS * 1000)
    const warmup = fleet.newWindow()
    loop.reset()
    await cpu.begin()
    await sleep(SECONDS * 1000)
    const main = fleet.newWindow()
    const loadAfterMain = loadavg().map((l) => l.toFixed(2)).join(' ')
    const mainCpu = await cpu.end()
    const mainLoopP99 = loop.percentile(99) / 1e6
    const offered = fleet.pollsPerSecondOffered
    say(`phase 1: p50 ${ms(main.poll.percentile(50))} ms, p99 ${ms(main.poll.percentile(99))} ms, ${Math.round(main.pollsSent / main.seconds)} polls/s; checking every session`)
    await fleet.pause()
    const drain = fleet.newWindow()
    const mainCheck = await fleet.verify()
    const mainIntegrity = snapshot(fleet.integrity)
    const mainLostSteps = fleet.lostSteps()
    const forgetDelays = fleet.integrity.forgetDelays
    const forgetRange = forgetDelays.count ? `${Math.round(forgetDelays.percentile(0.0001))}–${Math.round(forgetDelays.max)} ms` : 'n/a'

    // Phase 2: from 2,000 polls/s up (agents of 10 polls/s added) until p99 passes the limit or the offered rate is no
    // longer achieved; when 2,000/s already fails, down (agents taken out) until it passes.
    const ramp: RampStep[] = []
    const passes = (s: { p99: number; achieved: number; offered: number }) => s.p99 <= P99_LIMIT_MS && s.achieved >= 0.9 * s.offered
    const mainStep = { offered, p99: ms(main.poll.percentile(99)), achieved: Math.round(main.pollsSent / main.seconds) }
    const goingUp = passes(mainStep)
    let finalCheck: VerifyReport | undefined
    if (RAMP) {
      const rates = goingUp
        ? Array.from({ length: Math.max(0, Math.floor((RAMP_MAX - RAMP_START) / RAMP_INCREMENT) + 1) }, (_, k) => RAMP_START + k * RAMP_INCREMENT)
        : RAMP_DOWN.filter((r) => r < offered)
      fleet.resume()
      for (const rate of rates) {
        const agents = Math.max(1, Math.round((rate * PERIOD_MS) / 1000))
        if (agents > fleet.active.length) await grow(agents, 1000)
        else fleet.shrink(agents)
        await sleep(RAMP_SETTLE_SECONDS * 1000)
        fleet.newWindow()
        loop.reset()
        await cpu.begin()
        await sleep(RAMP_STEP_SECONDS * 1000)
        const w = fleet.newWindow()
        const step: RampStep = {
          offered: fleet.pollsPerSecondOffered, agents, achieved: Math.round(w.pollsSent / w.seconds), p50: ms(w.poll.percentile(50)),
          p99: ms(w.poll.percentile(99)), max: ms(w.poll.max), skipped: w.skippedOutstanding + w.skippedGeneratorLate,
          completedPerSecond: Math.round(w.completed / w.seconds), errors: sum(w.errors) + sum(w.non2xx), cpu: await cpu.end(),
          loopP99: ms(loop.percentile(99) / 1e6),
        }
        ramp.push(step)
        say(`ramp ${step.offered}/s: achieved ${step.achieved}/s, p50 ${step.p50} ms, p99 ${step.p99} ms, max ${step.max} ms, not sent ${step.skipped}`)
        if (goingUp ? !passes(step) : passes(step)) break
      }
      say('ramp over; checking every session')
      await fleet.pause()
      finalCheck = await fleet.verify()
    }
    const totalIntegrity = snapshot(fleet.integrity)
    const anomalies = fleet.integrity.anomalies

    const mainLost = mainIntegrity.advancedWithoutResult + mainLostSteps
    const mainTwice = twice(mainIntegrity)
    const expectedDuplicates = mainIntegrity.lostResponses + mainIntegrity.doublePosts
    const all = [mainStep, ...ramp]
    const best = Math.max(0, ...all.filter(passes).map((s) => s.offered))
    const failing = all.filter((s) => !passes(s) && s.offered > best).sort((a, b) => a.offered - b.offered)[0]
    const exited = services.filter((s) => s.child.exitCode !== null || s.child.signalCode !== null).map((s) => s.name)

    const result: BenchResult = {
      'setup': `${AGENTS} agents (${AGENTS - AGENTS / 10} on a ${ROUNDS * 8}-action UI workflow, ${AGENTS / 10} on ${SERVER_STEPS} × (type, ${T2A_MS / 1000}-s T2A step)), ` +
        `one poll each every ${PERIOD_MS} ms (open loop), ${SECONDS} s measured after ${WARMUP_SECONDS} s warm-up`,
      'agents perform actions in (ms)': `${Object.entries(PERFORM_MS).map(([k, v]) => `${k} ${v * PERFORM_SCALE}`).join(', ')}, wait its ms (500)${PERFORM_SCALE !== 1 ? ` × ${PERFORM_SCALE}` : ''}; polls go on meanwhile`,
      'gateway rate limit': `RATE_LIMIT_MAX=${RATE_LIMIT_MAX} per 60 s, so the limiter never refuses (it still counts each request)`,
      'replay settings': `REPLAY_LEASE_MS=${LEASE_MS}, other settings default; services log at warn`,
      'machine load average at start (1/5/15 min)': loadAtStart,
      [`machine load average after the ${SECONDS} s window`]: loadAfterMain,
      ...windowRows('', main, offered),
      'results answered duplicate: true from warm-up to drain / expected from faults': `${warmup.duplicates + main.duplicates + drain.duplicates} / ${expectedDuplicates} (unexpected on first posts: ${mainIntegrity.unexpectedDuplicates})`,
      'actions lost (must be 0)': mainLost,
      'actions performed twice (must be 0)': mainTwice,
      'check: sessions read back (running / succeeded / failed)': `${mainCheck.sessions} (${mainCheck.sessionsRunning} / ${mainCheck.sessionsSucceeded} / ${mainCheck.sessionsFailed})`,
      'check: client steps with a result / performed without result / result never performed / done without result':
        `${mainCheck.stepsWithResult} / ${mainCheck.lostResult} / ${mainCheck.phantom} / ${mainCheck.doneWithoutResult}`,
      'check: server offered a later seq before a result / re-offered after recorded / other action under a seq / recorded twice':
        `${mainIntegrity.advancedWithoutResult} / ${mainIntegrity.reofferedAfterRecorded} / ${mainIntegrity.differentActionSameSeq} / ${mainIntegrity.recordedTwice}`,
      'check: server-side T2A steps done': mainCheck.serverStepsDone,
      'check: steps leased more than once (max lease count)': `${mainCheck.stepsLeasedAgain} (${mainCheck.maxLeaseCount})`,
      'fault #0 forgets a leased action': `${mainIntegrity.forgotten} forgotten, ${mainIntegrity.forgottenReoffered} offered again with the same seq ${forgetRange} later (lease ${LEASE_MS} ms); ${mainCheck.forgottenOpen} still leased at the check`,
      'fault #1 loses results': `${mainIntegrity.lostResponses} responses lost → retry answered duplicate: true ${mainIntegrity.lostResponseRetryDuplicate}, false ${mainIntegrity.lostResponseRetryFresh}; ` +
        `${mainIntegrity.lostRequests} requests lost → re-offered and re-sent (not performed) ${mainIntegrity.lostRequestResentOnReoffer}, sent at the pause ${mainIntegrity.lostRequestFlushed}, answered duplicate ${mainIntegrity.lostRequestResentDuplicate}`,
      'fault #2 posts every result twice': `${mainIntegrity.doublePosts} pairs (even seqs in turn, odd seqs at once), ${mainIntegrity.doublePostsOk} answered one recorded + one duplicate, ${mainIntegrity.doublePostsWrong} otherwise`,
      're-offers answered by re-sending the result / while still reporting': `${mainIntegrity.reofferedPerformed} / ${mainIntegrity.reofferWhileReporting}`,
      [`CPU during the ${SECONDS} s (share of one core)`]: mainCpu,
      'load generator event-loop delay p99 (ms)': ms(mainLoopP99),
      'warm-up window: polls, p99 (ms)': `${warmup.pollsSent}, ${ms(warmup.poll.percentile(99))}`,
    }
    if (RAMP) result['ramp direction'] = goingUp ? `up from ${offered} polls/s (it passed)` : `down from ${offered} polls/s (p99 or rate failed there)`
    for (const s of ramp) {
      result[`ramp ${s.offered} polls/s offered (${s.agents} agents)`] =
        `achieved ${s.achieved}/s, p50 ${s.p50} ms, p99 ${s.p99} ms, max ${s.max} ms, not sent ${s.skipped}, ${s.completedPerSecond} actions/s, errors ${s.errors}, generator loop p99 ${s.loopP99} ms`
    }
    for (const s of ramp) result[`ramp ${s.offered}/s CPU`] = s.cpu
    if (RAMP) {
      result['highest offered rate with p99 ≤ 100 ms and ≥ 90 % achieved (polls/s)'] = best || `none down to ${all.at(-1)?.offered} polls/s`
      result['rate where p99 passes 100 ms (or the rate is not achieved)'] = failing
        ? `${failing.offered} polls/s (p99 ${failing.p99} ms, achieved ${failing.achieved}/s)`
        : `not reached up to ${all.at(-1)?.offered} polls/s`
      const c = finalCheck!
      result['whole run: actions lost / performed twice (must be 0 / 0)'] = `${totalIntegrity.advancedWithoutResult + fleet.lostSteps()} / ${twice(totalIntegrity)}`
      result['whole run: faults (forgotten → re-offered, lost responses → duplicate, lost requests → re-sent, double posts ok / wrong)'] =
        `${totalIntegrity.forgotten} → ${totalIntegrity.forgottenReoffered}, ${totalIntegrity.lostResponses} → ${totalIntegrity.lostResponseRetryDuplicate}, ` +
        `${totalIntegrity.lostRequests} → ${totalIntegrity.lostRequestResentOnReoffer + totalIntegrity.lostRequestFlushed}, ${totalIntegrity.doublePostsOk} / ${totalIntegrity.doublePostsWrong}`
      result['final check: sessions read (running / succeeded / failed / cancelled as their agent left the ramp)'] =
        `${c.sessions} (${c.sessionsRunning} / ${c.sessionsSucceeded} / ${c.sessionsFailed} / ${c.sessionsCancelled})`
    }
    if (mainCheck.failReasons.length || finalCheck?.failReasons.length) result['failed sessions (first)'] = [...mainCheck.failReasons, ...(finalCheck?.failReasons ?? [])].slice(0, 3).join(' | ')
    if (anomalies.length) result['anomalies (first)'] = anomalies.slice(0, 5).join(' | ')
    if (exited.length) result['services that exited during the run'] = exited.join(', ')
    return result
  } finally {
    for (const fn of cleanups) await fn().catch((err: unknown) => say(`cleanup: ${(err as Error).message}`))
    await Promise.all(services.map(stopService))
    await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch((err: unknown) => say(`dropping ${dbName}: ${(err as Error).message}`))
    await dropQueueKeys(prefix).catch((err: unknown) => say(`removing the ${prefix} queue keys: ${(err as Error).message}`))
  }
}

/** The bench's queues, events and jobs in Redis: every key under its own prefix. */
async function dropQueueKeys(prefix: string): Promise<void> {
  const redis = createRedis(REDIS_URL)
  try {
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000)
      cursor = next
      if (keys.length) await redis.del(...keys)
    } while (cursor !== '0')
  } finally {
    redis.disconnect()
  }
}
