import type { ProgressStream } from './progress-bar.js';

/**
 * The progress output where there is no process.stdout (a browser): whole lines to `console.log`, as a
 * browser console shows no carriage-return redraws. Not a TTY, so ProgressBar writes one line per epoch.
 */
export function consoleLineStream(): ProgressStream {
  let pending = '';
  return {
    isTTY: false,
    write(text: string) {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) console.log(line);
    },
  };
}

/** process.stdout in Node, else whole lines to the console. */
export function defaultProgressStream(): ProgressStream {
  return (globalThis as { process?: { stdout?: ProgressStream } }).process?.stdout ?? consoleLineStream();
}
