// Rejoining after the connection to the server was lost (the server or its
// node went away, the network dropped): again and again with backoff, for a
// bounded time, until it works or the user joins or leaves by hand. In a
// cluster any node takes the join and a `redirect` leads to the room's
// home, so the page's own origin (a load balancer's) is all it needs.

/** Waits between attempts; the last one repeats. */
export const REJOIN_DELAYS_MS = [500, 1000, 2000, 4000, 8000];
/** Gives up after this long. */
export const REJOIN_FOR_MS = 60_000;

export class Rejoiner {
  /** `rejoin()` resolves once back in the room; `onWaiting(ms, attempt)`; `onGaveUp()`. */
  constructor({ rejoin, onWaiting, onGaveUp }) {
    this.rejoin = rejoin;
    this.onWaiting = onWaiting;
    this.onGaveUp = onGaveUp;
    this.attempt = 0;
    this.startedAt = Date.now();
    this.cancelled = false;
    this.timer = null;
  }

  start() {
    this.next();
  }

  next() {
    if (this.cancelled) return;
    const delay = REJOIN_DELAYS_MS[Math.min(this.attempt, REJOIN_DELAYS_MS.length - 1)];
    if (Date.now() + delay - this.startedAt > REJOIN_FOR_MS) {
      this.onGaveUp?.();
      return;
    }
    this.attempt += 1;
    this.onWaiting?.(delay, this.attempt);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.cancelled) return;
      this.rejoin().catch(() => this.next());
    }, delay);
  }

  cancel() {
    this.cancelled = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
