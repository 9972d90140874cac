# syntax=docker/dockerfile:1
# stampede in a container: the CLI, started as a shard by default. The kubernetes engine's Job runs this image
# with args ["shard"] and the shard contract in the environment (packages/scenarios/src/shards/shard-env.ts).
#   docker build -t stampede:0.1.0 .
#   docker run --rm stampede:0.1.0 --help
# More: packages/scenarios/src/shards/kubernetes/README.md
ARG NODE_IMAGE=node:20-bookworm-slim
ARG PNPM_VERSION=10.34.9

# ---- build: every dependency, tsc for each package ----------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
ARG PNPM_VERSION
RUN npm install -g pnpm@${PNPM_VERSION}
WORKDIR /app
# manifests first, so the dependency layer is rebuilt only when they change
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json ./
COPY packages/fake-backend/package.json packages/fake-backend/
COPY packages/loadgen/package.json packages/loadgen/
COPY packages/scenarios/package.json packages/scenarios/
COPY packages/validation/package.json packages/validation/
RUN pnpm install --frozen-lockfile
COPY packages/ packages/
RUN pnpm build

# ---- runtime: production dependencies and the built JavaScript only ----------------------------------------------
FROM ${NODE_IMAGE}
ARG PNPM_VERSION
ENV NODE_ENV=production
WORKDIR /app
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY packages/fake-backend/package.json packages/fake-backend/
COPY packages/loadgen/package.json packages/loadgen/
COPY packages/scenarios/package.json packages/scenarios/
COPY packages/validation/package.json packages/validation/
# pnpm only for this install: removed with its store in the same layer (node_modules keeps its own copies)
RUN npm install -g pnpm@${PNPM_VERSION} \
 && pnpm install --frozen-lockfile --prod \
 && rm -rf "$(pnpm store path)" /root/.cache /root/.npm \
 && npm uninstall -g pnpm
COPY --from=build /app/packages/fake-backend/dist packages/fake-backend/dist
COPY --from=build /app/packages/loadgen/dist packages/loadgen/dist
COPY --from=build /app/packages/validation/dist packages/validation/dist
COPY --from=build /app/packages/scenarios/dist packages/scenarios/dist
COPY packages/scenarios/bin packages/scenarios/bin
# the image's node user by number, so a pod's runAsNonRoot can verify it (a user name cannot be checked)
USER 1000:1000
ENTRYPOINT ["node", "/app/packages/scenarios/bin/stampede.js"]
CMD ["shard"]
