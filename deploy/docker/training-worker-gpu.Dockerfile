# syntax=docker/dockerfile:1
# GPU training worker: trainModel / evaluateModels on the training task queue, with
# @tensorflow/tfjs-node-gpu 4.22.0. Its libtensorflow (2.9.1) is built against CUDA 11.2
# and cuDNN 8.1, so the runtime base is the CUDA 11.2 + cuDNN 8 runtime image; the host
# needs an NVIDIA driver >= 460 and the NVIDIA container toolkit (Kubernetes: the NVIDIA
# device plugin, which provides the nvidia.com/gpu resource).
# Build from the repository root (needs internet: tfjs-node-gpu's install script
# downloads libtensorflow):
#   docker build -f deploy/docker/training-worker-gpu.Dockerfile -t finetune-flow/training-worker-gpu .
ARG NODE_IMAGE=node:20.19-bullseye
ARG CUDA_IMAGE=nvidia/cuda:11.2.2-cudnn8-runtime-ubuntu20.04

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm install --no-save --omit=dev --no-audit --no-fund --foreground-scripts @tensorflow/tfjs-node-gpu@4.22.0
COPY lib lib
COPY configs configs
COPY activities activities
COPY workers workers

# bullseye (glibc 2.31) and Ubuntu 20.04 (glibc 2.31) match, so the node binary and the
# native addon built above run on the CUDA image unchanged.
FROM ${CUDA_IMAGE}
COPY --from=build /usr/local/bin/node /usr/local/bin/node
ENV NODE_ENV=production \
    FF_TFJS_BACKEND=tensorflow \
    FF_REQUIRE_BACKEND=gpu \
    FF_METRICS_PORT=9464 \
    FF_SDK_METRICS_ADDRESS=0.0.0.0:9465 \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --create-home node
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/lib lib
COPY --from=build /app/configs configs
COPY --from=build /app/activities activities
COPY --from=build /app/workers workers
# Numeric, so Kubernetes runAsNonRoot can verify it (uid 1000 = node).
USER 1000:1000
EXPOSE 9464 9465
CMD ["node", "--import", "tsx", "workers/training-worker.ts"]
