import Type from 'typebox'
import { Screen, Uuid } from './common.js'

/**
 * A recorded trace, as a recorder sends it to POST /api/v1/learned-workflows: what the user did, in order, with the
 * screen as it was just before each click. Coordinates are in the pixels of the recorded screen (device pixels: on a
 * screen scaled to 125 %, a 1536×864 CSS-pixel window is 1920×1080). The whole body, screenshots included, must stay
 * under the gateway's BODY_LIMIT_BYTES (10 MB by default): a few dozen clicks of a full-HD screen.
 */
export const LEARNED_MAX_EVENTS = 500

const TimeMs = Type.Integer({ minimum: 0, maximum: 86_400_000, description: 'milliseconds since the recording started' })
const Coordinate = (what: string) => Type.Number({ minimum: 0, maximum: 16384, description: `${what}, in screen pixels` })
/** As Base64Image, with what the image shows. */
const Screenshot = (description: string) => Type.String({ minLength: 8, description: `PNG or JPEG, base64 (optionally a data: URL): ${description}` })
const Notches = (what: string) =>
  Type.Number({ minimum: -1000, maximum: 1000, description: `${what} wheel notches (positive: ${what === 'horizontal' ? 'right' : 'down'}); fractions add up` })

export const MODIFIERS = ['ctrl', 'alt', 'shift', 'meta'] as const
export type Modifier = (typeof MODIFIERS)[number]

export const LearnedClickEvent = Type.Object(
  {
    type: Type.Literal('click'),
    x: Coordinate('where the pointer went down'),
    y: Coordinate('where the pointer went down'),
    button: Type.Optional(Type.Union([Type.Literal('left'), Type.Literal('right'), Type.Literal('middle')], { description: 'left when absent' })),
    clicks: Type.Optional(Type.Integer({ minimum: 1, maximum: 2, description: '2 for a double click; 1 when absent' })),
    t_ms: TimeMs,
    screenshot: Screenshot('the whole screen just before the pointer went down, in screen pixels (screen.width × screen.height)'),
  },
  { additionalProperties: false },
)
export type LearnedClickEvent = Type.Static<typeof LearnedClickEvent>

export const LearnedKeyEvent = Type.Object(
  {
    type: Type.Literal('key'),
    key: Type.String({ minLength: 1, maxLength: 32, description: "DOM key name: 'a', 'A', 'Enter', 'Tab', 'Backspace', 'ArrowDown', ' '…" }),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 8, description: 'the printable character the key typed, if any' })),
    modifiers: Type.Optional(Type.Array(Type.Enum(MODIFIERS), { maxItems: 4, uniqueItems: true, description: 'modifiers held down (AltGr is not one: its character is the text)' })),
    secret: Type.Optional(Type.Boolean({ description: 'typed into a password field: the learned step is a type_secret whose value is kept encrypted' })),
    field_name: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "the focused field's name, id or label: names a secret's variable" })),
    t_ms: TimeMs,
    screenshot: Type.Optional(Screenshot('the whole screen before the key, when the recorder has one (not used yet)')),
  },
  { additionalProperties: false },
)
export type LearnedKeyEvent = Type.Static<typeof LearnedKeyEvent>

export const LearnedScrollEvent = Type.Object(
  {
    type: Type.Literal('scroll'),
    x: Coordinate('where the pointer was'),
    y: Coordinate('where the pointer was'),
    dx: Notches('horizontal'),
    dy: Notches('vertical'),
    t_ms: TimeMs,
  },
  { additionalProperties: false },
)
export type LearnedScrollEvent = Type.Static<typeof LearnedScrollEvent>

export type LearnedEvent = LearnedClickEvent | LearnedKeyEvent | LearnedScrollEvent
/** Told apart by `type` (a discriminator, not a plain union): a bad event is reported for what it is, not as a failed click. */
export const LearnedEvent = Type.Unsafe<LearnedEvent>({
  type: 'object',
  required: ['type'],
  discriminator: { propertyName: 'type' },
  oneOf: [LearnedClickEvent, LearnedKeyEvent, LearnedScrollEvent],
})

export const LearnedWorkflowBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    screen: Screen,
    events: Type.Array(LearnedEvent, { minItems: 1, maxItems: LEARNED_MAX_EVENTS, description: 'in the order they happened' }),
  },
  { additionalProperties: false },
)
export type LearnedWorkflowBody = Type.Static<typeof LearnedWorkflowBody>

/** What a recorder produces: the body without its name (and description), given when it is sent. */
export type LearnedTrace = Omit<LearnedWorkflowBody, 'name' | 'description'>

/**
 * GET /internal/workflows/:id/secrets (workflows service; replay service only): the values of a learned workflow's
 * type_secret steps, sealed with REPLAY_SECRET_KEY (AES-256-GCM), never in clear.
 */
export const RecordedSecrets = Type.Object({
  workflow_id: Uuid,
  items: Type.Array(Type.Object({ variable: Type.String(), sealed: Type.String() })),
})
export type RecordedSecrets = Type.Static<typeof RecordedSecrets>
