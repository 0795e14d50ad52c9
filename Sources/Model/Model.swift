// Model module.
