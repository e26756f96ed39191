# syntax=docker/dockerfile:1
# One image for every service of the testbed (entra, keyvault, storage, chaos) and the cmk-testbed CLI; the
# container's CMK_SERVICE picks the service (see docker/entrypoint.sh). docker-compose.yml builds it once.
ARG NODE_IMAGE=node:20-bookworm-slim

# Build every workspace package with the repository's own toolchain (turbo + tsc).
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY . .
# --ignore-scripts: no production dependency needs an install script, and the dev-only ones (esbuild's check,
# ssh2's optional native addon pulled in by testcontainers) are not needed to compile.
RUN npm ci --ignore-scripts --no-audit --no-fund \
  && npx turbo run build --filter='./packages/*'

# Production node_modules only: the workspace manifests and the lockfile, nothing else.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/shared/package.json packages/shared/
COPY packages/entra-svc/package.json packages/entra-svc/
COPY packages/keyvault-svc/package.json packages/keyvault-svc/
COPY packages/storage-svc/package.json packages/storage-svc/
COPY packages/chaos/package.json packages/chaos/
COPY packages/testbed/package.json packages/testbed/
COPY e2e/package.json e2e/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app ./
COPY --from=build /src/packages/shared/dist packages/shared/dist
COPY --from=build /src/packages/entra-svc/dist packages/entra-svc/dist
COPY --from=build /src/packages/keyvault-svc/dist packages/keyvault-svc/dist
COPY --from=build /src/packages/storage-svc/dist packages/storage-svc/dist
COPY --from=build /src/packages/chaos/dist packages/chaos/dist
COPY --from=build /src/packages/testbed/dist packages/testbed/dist
# The built-in scenario library, which the scenarios one-shot service runs.
COPY --from=build /src/packages/chaos/scenarios packages/chaos/scenarios
COPY docker/entrypoint.sh docker/healthcheck.mjs docker/
# The image's own user (uid 1000 in the node images); /reports and the CLI's home are the only writable places.
RUN mkdir -p /reports /home/node/.cmk-testbed && chown node:node /reports /home/node/.cmk-testbed
ENV CMK_TESTBED_HOME=/home/node/.cmk-testbed
USER node
# Healthy once this container's instance answers $SRV.PING; docker-compose.yml sets the same with its timings.
HEALTHCHECK --interval=5s --timeout=5s --start-period=60s --retries=6 CMD ["node", "/app/docker/healthcheck.mjs"]
ENTRYPOINT ["/bin/sh", "/app/docker/entrypoint.sh"]
