// @gliznet/trainer: command-line entry point (arrives with its issue).
export {};
