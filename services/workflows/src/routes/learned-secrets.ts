import { IdParams, RecordedSecrets } from '@rpa-vision/contracts'
import type { App } from '@rpa-vision/http'
import { readRecordedSecrets } from '../domain/learn-secrets.js'

/**
 * GET /internal/workflows/:id/secrets: the sealed values a learned workflow recorded, for the replay service (which
 * holds the same key) when a session starts without them. Not a public route: the gateway never forwards it, and like
 * every route here it needs the internal secret.
 */
export async function learnedSecretRoutes(app: App): Promise<void> {
  app.get('/internal/workflows/:id/secrets', { schema: { params: IdParams, response: { 200: RecordedSecrets } } }, async (req) =>
    readRecordedSecrets(app.db, req.params.id),
  )
}
