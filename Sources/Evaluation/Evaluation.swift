// Evaluation module.
