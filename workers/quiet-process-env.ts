/**
 * Imported FIRST by every entry point (CLI, workers), before any package that
 * prints on load reads the environment: the pinned AWS SDK's notice that
 * future releases need Node 22 (noise on Node 20, which this release supports)
 * and libtensorflow's INFO banner when native TensorFlow loads. Explicit
 * settings in the environment win.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';

export {};
