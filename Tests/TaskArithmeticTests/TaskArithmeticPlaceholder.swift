// Tests for TaskArithmetic.
