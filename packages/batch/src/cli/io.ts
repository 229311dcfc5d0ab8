/** Where the batch CLI writes: results on stdout, logs and progress on stderr. */
export interface BatchCliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
}
