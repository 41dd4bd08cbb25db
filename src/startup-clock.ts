// Where a start's time goes, step by step, for the "listening" log line: wall-clock and CPU milliseconds of each.

export interface StartupClock {
  /** Ends the step running now, named `name`, and starts the next. */
  step(name: string): void;
  /** Milliseconds since the process began, and each step's wall-clock and CPU milliseconds. */
  summary(): { startupMs: number; cpuMs: number; stepsMs: Record<string, number>; stepsCpuMs: Record<string, number> };
}

/** Set by scripts/start.mjs once it knows the bundle is fresh: the time before it is Node's start and that check. */
export const BUNDLE_CHECKED_MARK = 'engagement-directory:bundle-checked';

const cpuMsNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Counted from the process's start (performance's time origin), so loading the modules counts too; CPU is the whole
 * process's (every thread: V8 compiles and collects garbage beside the main thread), which a busy machine moves far
 * less than wall-clock time.
 */
export function startupClock(): StartupClock {
  const stepsMs: Record<string, number> = {};
  const stepsCpuMs: Record<string, number> = {};
  let lastMs = 0;
  let lastCpuMs = 0;
  const end = (name: string, ms: number, cpuMs: number) => {
    stepsMs[name] = Math.round(ms - lastMs);
    stepsCpuMs[name] = Math.round(cpuMs - lastCpuMs);
    lastMs = ms;
    lastCpuMs = cpuMs;
  };
  const checked = performance.getEntriesByName(BUNDLE_CHECKED_MARK)[0] as PerformanceMark | undefined;
  if (checked) end('bundle check', checked.startTime, (checked.detail as { cpuMs: number }).cpuMs);
  return {
    step: (name) => end(name, performance.now(), cpuMsNow()),
    summary: () => ({ startupMs: Math.round(lastMs), cpuMs: Math.round(lastCpuMs), stepsMs, stepsCpuMs }),
  };
}
