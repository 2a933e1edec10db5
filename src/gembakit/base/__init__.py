"""The base layer every other layer builds on: errors, messages, shared models and safe I/O."""
