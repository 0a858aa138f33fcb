import Type from 'typebox'

export const ErrorEnvelope = Type.Object(
  { error: Type.Object({ code: Type.String({ pattern: '^[A-Z][A-Z0-9_]*$' }), message: Type.String() }) },
  { $id: 'ErrorEnvelope' },
)
export type ErrorEnvelope = Type.Static<typeof ErrorEnvelope>

export const Uuid = Type.String({ format: 'uuid' })
export const IdParams = Type.Object({ id: Uuid })
export type IdParams = Type.Static<typeof IdParams>

export const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' })
/** A PNG or JPEG as base64 (the data: prefix is accepted and stripped). */
export const Base64Image = Type.String({ minLength: 8, description: 'PNG or JPEG, base64 (optionally a data: URL)' })

export const Rect = Type.Object(
  {
    x: Type.Integer({ minimum: 0 }),
    y: Type.Integer({ minimum: 0 }),
    width: Type.Integer({ minimum: 1 }),
    height: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
)
export type Rect = Type.Static<typeof Rect>

export const Screen = Type.Object(
  {
    width: Type.Integer({ minimum: 1, maximum: 16384 }),
    height: Type.Integer({ minimum: 1, maximum: 16384 }),
    scale: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 8, description: 'display scaling at recording (1 = 100 %); 1 when absent' })),
  },
  { additionalProperties: false },
)
export type Screen = Type.Static<typeof Screen>
