/**
 * Default task queues. The control worker polls CONTROL (workflows and CPU
 * activities); training workers poll TRAINING (GPU/CPU-heavy training and
 * evaluation). Inputs may override the training queue, e.g. to isolate a test
 * or route a sweep to a specific GPU pool.
 */
export const CONTROL_TASK_QUEUE = 'finetune-control';
export const TRAINING_TASK_QUEUE = 'finetune-training';
