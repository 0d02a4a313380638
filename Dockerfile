# syntax=docker/dockerfile:1
# One image recipe for every service: docker build --build-arg SERVICE=ingest|indexer|feeds .
ARG SERVICE=feeds

FROM node:24-bookworm-slim AS deps
ARG SERVICE
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/shared/package.json packages/shared/
COPY services/ingest/package.json services/ingest/
COPY services/indexer/package.json services/indexer/
COPY services/feeds/package.json services/feeds/
# Production dependencies of this service (and shared) only; the image's own Node 24 runs it.
RUN npm ci --omit=dev --workspace "@gazette/${SERVICE}" --include-workspace-root=false --no-audit --no-fund

# The operator's command line (npm run gazette: backup, restore, reindex, publishers, dead letters),
# for compose's backup service and `docker compose run --rm backup <command> …`:
# docker build --target cli .
FROM node:24-bookworm-slim AS cli-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/shared/package.json packages/shared/
COPY services/ingest/package.json services/ingest/
COPY services/indexer/package.json services/indexer/
COPY services/feeds/package.json services/feeds/
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim AS cli
ENV NODE_ENV=production
WORKDIR /app
COPY --from=cli-deps /app/node_modules ./node_modules
COPY package.json ./
COPY packages/shared ./packages/shared
COPY services ./services
COPY tools/gazette.ts ./tools/
COPY tools/cli ./tools/cli
COPY tools/backup ./tools/backup
COPY tools/progress ./tools/progress
COPY tools/secrets ./tools/secrets
# The backups volume is the node user's (a named volume takes the owner of the image's folder).
RUN mkdir /backups && chown node:node /backups
USER node
ENTRYPOINT ["node", "tools/gazette.ts"]

# The services (the default target: the last stage).
FROM node:24-bookworm-slim
ARG SERVICE
# In a container the service listens on every interface (outside one, services default to 127.0.0.1).
ENV NODE_ENV=production SERVICE=${SERVICE} HOST=0.0.0.0
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY packages/shared ./packages/shared
COPY services/${SERVICE} ./services/${SERVICE}
USER node
EXPOSE 8080 8081 8082
CMD ["sh", "-c", "exec node services/${SERVICE}/src/main.ts"]
