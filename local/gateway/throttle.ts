import { CommandError } from '../../toolchain/command.ts';

export interface ThrottleSettings {
  /** Steady-state requests per second. */
  rateLimit: number;
  /** The bucket's size: how many requests may arrive at once. */
  burstLimit: number;
}

/**
 * API Gateway's token bucket: it starts full at `burstLimit` tokens, refills at `rateLimit` tokens a
 * second, and each request takes one; with none left the request is throttled.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly settings: ThrottleSettings,
    private readonly now: () => number = () => performance.now(),
  ) {
    // `>= 0` is false for NaN too, which would otherwise throttle every request without a word.
    if (!(settings.rateLimit >= 0 && settings.burstLimit >= 0)) {
      throw new CommandError(`invalid throttling: expected rate and burst >= 0, got ${settings.rateLimit} and ${settings.burstLimit}`);
    }
    this.tokens = settings.burstLimit;
    this.refilledAt = now();
  }

  take(): boolean {
    const now = this.now();
    const refill = ((now - this.refilledAt) / 1000) * this.settings.rateLimit;
    this.tokens = Math.min(this.settings.burstLimit, this.tokens + refill);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
