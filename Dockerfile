# One image for every service; compose picks the service with its command:
#   node services/<name>/dist/main.js
# The services run from the build (packages resolve to their dist through the "default" export condition),
# with production dependencies only.

FROM node:20-bookworm-slim AS base
ENV CI=true
RUN npm i -g -E pnpm@12.4.2
WORKDIR /app

# Compile every package and service with the dev toolchain, and set aside the dist folders.
FROM base AS build
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm build \
 && mkdir /out \
 && cp -r --parents packages/*/dist services/*/dist /out/

# The same tree with runtime dependencies only (no TypeScript, tap or tsx).
FROM base AS prod-deps
COPY . .
RUN pnpm install --frozen-lockfile --prod

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps /app ./
COPY --from=build /out/ ./
USER node
EXPOSE 8080 8081
CMD ["node", "services/gateway/dist/main.js"]
