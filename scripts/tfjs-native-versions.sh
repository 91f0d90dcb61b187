# Pinned inputs of native TensorFlow for @tensorflow/tfjs-node (scripts/install-tfjs-native.sh).
# Every input comes from a registry (the package's own install script downloads from a
# vendor site, which cannot work here). Change a pin here and the next run builds into a
# new cache dir; the checksums were computed once from the files the registries served.
# shellcheck shell=bash

# The npm packages whose native addon is built (the JS side comes from npm ci; their
# install scripts are denied in package.json "allowScripts").
TFJS_NODE_VERSION="4.22.0"
TFJS_NODE_PKG_CPU="@tensorflow/tfjs-node"
TFJS_NODE_PKG_GPU="@tensorflow/tfjs-node-gpu"

# libtensorflow 2.10.1: the TensorFlow Java native jar on Maven Central ships
# libtensorflow_cc.so.2 (TF_* and TFE_* C APIs, no Python) and libtensorflow_framework.so.2.
LIBTF_VERSION="2.10.1"
LIBTF_MAVEN_GAV="org.tensorflow:tensorflow-core-api:0.5.0"
LIBTF_CLASSIFIER_CPU="linux-x86_64"
LIBTF_JAR_SHA256_CPU="f394c5be26c8f3b644cdc77e6741b2cfe774caa8aedeb969c50e074444feac55"   # 117 MB
# CUDA 11.2 / cuDNN 8.1 build of the same release.
LIBTF_CLASSIFIER_GPU="linux-x86_64-gpu"
LIBTF_JAR_SHA256_GPU="06298a31706ef94fc6509c490eefb281b756556a02808b222109c33707a72a6f"   # 487 MB

# C headers (tensorflow/c/**) from the PyPI wheel of the same TensorFlow release.
TF_HEADERS_WHEEL_REQ="tensorflow-cpu==2.10.1"
TF_HEADERS_WHEEL_FILE="tensorflow_cpu-2.10.1-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
TF_HEADERS_WHEEL_SHA256="0d30c8199b542b7144d7fffa5ee9bd9e539657b15c60a61b7a0ad44a8d1379d2"   # 215 MB
TF_HEADERS_PIP_PLATFORM="manylinux2014_x86_64"
TF_HEADERS_PIP_PYTHON="3.10"

# Bump when the build recipe in install-tfjs-native.sh changes, so caches rebuild.
TFJS_NATIVE_RECIPE="1"

FF_CACHE_DIR="${FF_CACHE_DIR:-$HOME/.cache/finetune-flow}"
TFJS_NATIVE_CACHE="$FF_CACHE_DIR/tfjs-native"
