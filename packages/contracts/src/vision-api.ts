import Type from 'typebox'
import { Base64Image, Rect, Screen } from './common.js'
import { VisionResolvePayload } from './jobs.js'

/** POST /api/v1/vision/resolve: find an anchor on a screenshot, as a replay would. */
export const VisionResolveBody = Type.Object(
  {
    screenshot: Base64Image,
    anchor: Type.Object(
      {
        image: Base64Image,
        bbox: Type.Optional(Rect),
        screen: Type.Optional(Screen),
        target_text: Type.Optional(Type.String({ maxLength: 500 })),
        /** the whole screen at recording time, to tell look-alikes apart */
        screenshot: Type.Optional(Base64Image),
      },
      { additionalProperties: false },
    ),
    visual_mode: VisionResolvePayload.properties.visual_mode,
    screen_scale: VisionResolvePayload.properties.screen_scale,
  },
  { additionalProperties: false },
)
export type VisionResolveBody = Type.Static<typeof VisionResolveBody>

/** POST /api/v1/vision/ocr: read an image, or a region of it. */
export const VisionOcrBody = Type.Object(
  { image: Base64Image, region: Type.Optional(Rect) },
  { additionalProperties: false },
)
export type VisionOcrBody = Type.Static<typeof VisionOcrBody>

/** One case of `rpa resolve --batch`: a JSON line; paths relative to the batch file. */
export const ResolveBatchCase = Type.Object(
  {
    id: Type.Union([Type.String(), Type.Number()]),
    screenshot: Type.String({ minLength: 1 }),
    anchor: Type.Object(
      {
        image: Type.String({ minLength: 1 }),
        bbox: Type.Optional(Rect),
        screen: Type.Optional(Screen),
        target_text: Type.Optional(Type.String()),
        context_image: Type.Optional(Type.String({ minLength: 1 })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)
export type ResolveBatchCase = Type.Static<typeof ResolveBatchCase>

/** One output line of `rpa resolve --batch`; ms is the resolve alone (no file reading, no start-up). */
export interface ResolveBatchOutcome {
  id: string | number
  found: boolean
  x: number | null
  y: number | null
  score: number
  method: string
  ms: number
}
