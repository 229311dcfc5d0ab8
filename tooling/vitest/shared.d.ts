import type { UserWorkspaceConfig } from 'vitest/config';

export interface ProjectOptions {
  /** Project name shown in the test report, e.g. the package name. */
  name: string;
  /** Per-test timeout in milliseconds. Default 60_000. */
  testTimeout?: number;
}

export declare function gliznetProject(options: ProjectOptions): UserWorkspaceConfig;
