// Tests for Campaign.
