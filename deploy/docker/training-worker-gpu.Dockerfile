# syntax=docker/dockerfile:1
# GPU training worker: trainModel / evaluateModels on the training task queue, with
# @tensorflow/tfjs-node-gpu 4.22.0. Its libtensorflow (2.10.1) is built against CUDA 11.2
# and cuDNN 8.1, so the runtime base is the CUDA 11.2 + cuDNN 8 runtime image; the host
# needs an NVIDIA driver >= 460 and the NVIDIA container toolkit (Kubernetes: the NVIDIA
# device plugin, which provides the nvidia.com/gpu resource).
# Native TensorFlow comes from registry packages, not from tfjs-node-gpu's install script
# (which downloads from a vendor site): scripts/install-tfjs-native.sh with
# FF_NATIVE_TF_VARIANT=gpu builds the addon against libtensorflow 2.10.1's CUDA 11.2 build
# (the linux-x86_64-gpu jar of org.tensorflow:tensorflow-core-api:0.5.0, checksum-pinned in
# scripts/tfjs-native-versions.sh) and smoke-tests it (on the CPU: the build stage has no GPU).
# Build from the repository root (needs the npm, Maven Central and PyPI registries):
#   docker build -f deploy/docker/training-worker-gpu.Dockerfile -t finetune-flow/training-worker-gpu .
ARG NODE_IMAGE=node:20.19-bullseye
ARG CUDA_IMAGE=nvidia/cuda:11.2.2-cudnn8-runtime-ubuntu20.04

FROM ${NODE_IMAGE} AS build
# The recipe's tools: Maven + a JDK (libtensorflow jar), pip (C headers), g++/make (node-gyp).
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends default-jdk-headless maven python3-pip unzip g++ make \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/install-tfjs-native.sh scripts/tfjs-native-versions.sh scripts/
# --ignore-scripts: no package here needs its install script at run time, and tfjs-node's must not run.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm_config_omit=dev FF_NATIVE_TF_VARIANT=gpu FF_CACHE_DIR=/tmp/ff-cache bash scripts/install-tfjs-native.sh \
 && rm -rf /tmp/ff-cache
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
