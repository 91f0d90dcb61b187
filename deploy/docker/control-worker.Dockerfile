# syntax=docker/dockerfile:1
# Control worker: every workflow (from a bundle prebuilt at image build time) plus the
# CPU activities (curation, sampler suggestions, report). No GPU, no native tfjs.
# Build from the repository root:
#   docker build -f deploy/docker/control-worker.Dockerfile -t finetune-flow/control-worker .
ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci --ignore-scripts, then the install scripts of every package except tfjs-node's
# (denied in package.json allowScripts: it downloads from a vendor site; no native tfjs here).
COPY scripts/ensure-node-deps.sh scripts/ensure-node-deps.sh
RUN bash scripts/ensure-node-deps.sh
COPY tsconfig.json ./
COPY lib lib
COPY configs configs
COPY workflows workflows
COPY activities activities
COPY workers workers
COPY scripts/bundle-workflows.ts scripts/bundle-workflows.ts
# Prebuilt workflow bundle: workers start without webpack, and every replica runs identical code.
RUN node --import tsx scripts/bundle-workflows.ts dist/workflow-bundle.js \
 && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    FF_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js \
    FF_METRICS_PORT=9464 \
    FF_SDK_METRICS_ADDRESS=0.0.0.0:9465 \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/lib lib
COPY --from=build /app/configs configs
COPY --from=build /app/workflows workflows
COPY --from=build /app/activities activities
COPY --from=build /app/workers workers
# Numeric, so Kubernetes runAsNonRoot can verify it (uid 1000 = node).
USER 1000:1000
EXPOSE 9464 9465
# Exec form: node is PID 1 and receives SIGTERM itself, so the worker drains (FF_SHUTDOWN_GRACE_SECONDS).
CMD ["node", "--import", "tsx", "workers/control-worker.ts"]
