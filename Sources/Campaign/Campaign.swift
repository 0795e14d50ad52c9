// Campaign module.
