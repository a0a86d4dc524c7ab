import type { Clock } from '../../shared/ports';

/**
 * The system clock unless told otherwise: the demo history and tests run documents through the
 * pipeline on past dates by setting it.
 */
export class SettableClock implements Clock {
  private fixed: Date | undefined;

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date();
  }

  set(at: Date | string): void {
    this.fixed = new Date(at);
  }

  release(): void {
    this.fixed = undefined;
  }
}
