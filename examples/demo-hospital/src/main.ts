import { startDemoHospital } from './server.js'

/** Runs the demo hospital alone: DEMO_PORT (default 8090), DEMO_HOST (default 127.0.0.1), DEMO_SLOW_MS (default 0). */

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isSafeInteger(n) || n < 0) {
    process.stderr.write(`demo-hospital: ${name} must be a whole number ≥ 0, not ${JSON.stringify(raw)}\n`)
    process.exit(2)
  }
  return n
}

const slowMs = intFromEnv('DEMO_SLOW_MS', 0)
const app = await startDemoHospital({ port: intFromEnv('DEMO_PORT', 8090), host: process.env.DEMO_HOST || '127.0.0.1', slowMs })
process.stdout.write(`demo hospital on ${app.url}/${slowMs > 0 ? ` (slow mode: ${slowMs} ms)` : ''}\n`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  })
}
