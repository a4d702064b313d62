#!/usr/bin/env node
// cogflow-emulator: the command-line entry of @cogflow/emulator.
export {};
