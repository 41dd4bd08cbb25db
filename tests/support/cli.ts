// The command line as a user runs it: a child process with its own environment, its output and exit code.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A runner for `npm run cli -- ...` (src/cli.ts under tsx) on the database `env` names: DATA_DIR for the embedded
 * one, or DATABASE_URL. A DATABASE_URL of the caller's environment is dropped unless `env` sets it.
 */
export function cliRunner(env: { DATA_DIR?: string; DATABASE_URL?: string }) {
  const { DATABASE_URL: _server, ...inherited } = process.env;
  const full = { ...inherited, LOG_LEVEL: 'silent', ...env };
  return (...args: string[]): Promise<CliResult> =>
    run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: full, cwd: process.cwd() }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
}
