import { realTimeClock } from '../net/retry';

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or early (without rejecting) when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = realTimeClock;

export interface GraphLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export const silentLogger: GraphLogger = { debug: () => undefined, warn: () => undefined };
