// Tests for Chem.
