/**
 * SIGINT and SIGTERM abort the controller (its reason: the signal's name) instead of ending the process, so that the
 * command finishes what it must; a second one is Node's default (exit at once). Returns what puts the default back.
 */
export function stopOnSignals(controller: AbortController): () => void {
  const stop = (signal: NodeJS.Signals) => controller.abort(signal)
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return () => {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
}
