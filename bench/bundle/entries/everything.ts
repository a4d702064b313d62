// Bundle entry `everything`: every export of @cogflow/browser (and so of @cogflow/core), kept alive.

export * from '@cogflow/browser';
