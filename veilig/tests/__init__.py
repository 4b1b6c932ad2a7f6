"""Project-wide tests: the API schema and its fuzzing."""
