// TaskArithmetic module.
