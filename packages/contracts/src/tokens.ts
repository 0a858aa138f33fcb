import Type from 'typebox'
import { Uuid } from './common.js'

export const ROLES = ['admin', 'author', 'agent'] as const
export const Role = Type.Union([Type.Literal('admin'), Type.Literal('author'), Type.Literal('agent')])
export type Role = (typeof ROLES)[number]

export const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: Role,
    agent_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
)
export type CreateTokenBody = Type.Static<typeof CreateTokenBody>

export const CreatedToken = Type.Object({ id: Uuid, token: Type.String(), name: Type.String(), role: Role, agent_id: Type.Union([Type.String(), Type.Null()]) })
export type CreatedToken = Type.Static<typeof CreatedToken>

export const TokenInfo = Type.Object({
  id: Uuid,
  name: Type.String(),
  role: Role,
  agent_id: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  revoked_at: Type.Union([Type.String(), Type.Null()]),
  last_used_at: Type.Union([Type.String(), Type.Null()]),
})
export type TokenInfo = Type.Static<typeof TokenInfo>
export const TokenList = Type.Object({ items: Type.Array(TokenInfo) })
export type TokenList = Type.Static<typeof TokenList>
