import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { request } from 'undici'
import { INTERNAL_SECRET_HEADER } from '@rpa-vision/contracts'
import { startScriptedModelServer } from '@rpa-vision/t2a'
import { modelOutput } from '../../../packages/t2a/test/model-outputs.js'
import { RECORD_GHS } from '../../../packages/t2a/test/fixtures/t2a-examples.js'
import { freePort, testQueuePrefix } from '../../../test/helpers/index.js'
import { INTERNAL_SECRET, rowCount, startLlmWorker, testDatabase, waitForDecision, workerEnv } from './harness.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGKILL')
  await exited
}

t.test('a worker process killed mid-job: another worker takes the job up once its lock expires, and one decision is stored', async (t) => {
  const { database, db } = await testDatabase(t)
  // a scripted stand-in for a model: the first call never answers (the worker dies waiting), the next one is valid
  const model = await startScriptedModelServer((_req, i) => (i === 0 ? { hang: true } : { reply: JSON.stringify(modelOutput()) }))
  t.teardown(() => model.close())
  const prefix = testQueuePrefix()
  const llm = { LLM_PROVIDER: 'ollama', LLM_BASE_URL: model.url, LLM_MODEL: 'qwen-test', LLM_TIMEOUT_MS: '60000' }
  const port = await freePort()
  const child = spawn(process.execPath, ['--conditions=@rpa-vision/source', '--import', 'tsx', 'services/llm-worker/src/main.ts'], {
    cwd: root, env: { ...process.env, ...workerEnv(database, prefix, { ...llm, LLM_WORKER_PORT: String(port), LOG_LEVEL: 'warn' }) }, stdio: ['ignore', 'inherit', 'inherit'],
  })
  t.teardown(() => kill(child))
  const base = `http://127.0.0.1:${port}`
  let up = false
  for (let i = 0; i < 300 && !up; i++) {
    up = await request(`${base}/ready`).then((r) => r.body.text().then(() => r.statusCode === 200), () => false)
    if (!up) await new Promise((r) => setTimeout(r, 100))
  }
  t.ok(up, 'the worker process is ready')
  const created = await request(`${base}/api/v1/t2a/decisions`, {
    method: 'POST', body: JSON.stringify({ record_text: RECORD_GHS }), headers: { 'content-type': 'application/json', [INTERNAL_SECRET_HEADER]: INTERNAL_SECRET },
  })
  t.equal(created.statusCode, 202)
  const { id } = (await created.body.json()) as { id: string }
  while (model.chatRequests().length === 0) await new Promise((r) => setTimeout(r, 20))
  await kill(child) // mid-job: the model was asked, no answer yet

  const live = await startLlmWorker(t, database, llm, prefix)
  const decision = await waitForDecision(live.call, id)
  t.match(decision, { id, status: 'done', final_decision: 'ghs', attempts: 1 })
  t.equal(model.chatRequests().length, 2, 'asked once by the dead worker, once by the live one')
  t.equal(await rowCount(db), 1, 'stored once')
})
