import { BUNDLE_FORMAT, NotFoundError, type NodeInput, type Workflow, type WorkflowBundle } from '@rpa-vision/contracts'
import { getImage, type Db } from '@rpa-vision/db'
import type { GraphInput } from './workflow-store.js'

async function imageBase64(db: Db, sha256: string): Promise<string> {
  const img = await getImage(db, sha256)
  if (!img) throw new NotFoundError(`image ${sha256}`)
  return img.bytes.toString('base64')
}

/** One self-contained JSON document: the graph and every anchor image, byte for byte. */
export async function exportBundle(db: Db, wf: Workflow): Promise<WorkflowBundle> {
  const nodes = await Promise.all(
    wf.nodes.map(async (n) => ({
      id: n.id,
      type: n.type as NodeInput['type'],
      label: n.label,
      params: n.params,
      anchor: n.anchor && {
        image: await imageBase64(db, n.anchor.image_sha256),
        bbox: n.anchor.bbox,
        screen: n.anchor.screen,
        target_text: n.anchor.target_text,
        ocr_description: n.anchor.ocr_description,
        screenshot: n.anchor.screenshot_sha256 ? await imageBase64(db, n.anchor.screenshot_sha256) : null,
      },
    })),
  )
  return {
    format: BUNDLE_FORMAT,
    format_version: 1,
    exported_at: new Date().toISOString(),
    workflow: { name: wf.name, description: wf.description, source: wf.source, nodes, edges: wf.edges },
  }
}

/** The bundle as a graph to create (nulls of the export become absent fields). */
export function bundleToGraph(bundle: WorkflowBundle): GraphInput {
  const w = bundle.workflow
  const nodes: NodeInput[] = w.nodes.map((n) => {
    const a = n.anchor
    return {
      id: n.id,
      type: n.type,
      ...(n.label != null ? { label: n.label } : {}),
      params: n.params ?? {},
      ...(a
        ? {
            anchor: {
              image: a.image,
              bbox: a.bbox,
              screen: a.screen,
              ...(a.target_text != null ? { target_text: a.target_text } : {}),
              ...(a.ocr_description != null ? { ocr_description: a.ocr_description } : {}),
              ...(a.screenshot != null ? { screenshot: a.screenshot } : {}),
            },
          }
        : {}),
    }
  })
  return { name: w.name, description: w.description ?? null, nodes, edges: w.edges }
}
