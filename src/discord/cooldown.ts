/** The outcome of asking for a turn. */
export type CooldownResult = { ok: true } | { ok: false; retryAt: number; firstRefusal: boolean };

/**
 * At most `limit` questions per user in any `windowMs` (a sliding window). Memory stays bounded:
 * users whose window has passed are forgotten.
 */
export class Cooldown {
  private readonly hits = new Map<string, { times: number[]; warned: boolean }>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(limit: number, windowMs: number, now: () => number = Date.now) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.now = now;
  }

  /** Counts a question for the user, or refuses it; `firstRefusal` is true once per blocked stretch. */
  take(userId: string): CooldownResult {
    const now = this.now();
    if (this.hits.size > 10_000) this.prune(now);
    const entry = this.hits.get(userId) ?? { times: [], warned: false };
    entry.times = entry.times.filter((t) => now - t < this.windowMs);
    if (entry.times.length >= this.limit) {
      const firstRefusal = !entry.warned;
      entry.warned = true;
      this.hits.set(userId, entry);
      return { ok: false, retryAt: entry.times[0]! + this.windowMs, firstRefusal };
    }
    entry.times.push(now);
    entry.warned = false;
    this.hits.set(userId, entry);
    return { ok: true };
  }

  private prune(now: number): void {
    for (const [user, entry] of this.hits)
      if (entry.times.every((t) => now - t >= this.windowMs)) this.hits.delete(user);
  }
}
