import { createServer } from 'node:net'

/** A port nothing listens on now: bound on loopback, then released (for a process to listen on, or to find closed). */
export async function freePort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1')
  await new Promise((resolve) => srv.once('listening', resolve))
  const { port } = srv.address() as { port: number }
  await new Promise((resolve) => srv.close(resolve))
  return port
}
