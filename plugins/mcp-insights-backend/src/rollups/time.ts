/** Seconds in the bucket sizes of the rollups. */
export const FIVE_MINUTES = 300;
export const HOUR = 3600;
export const DAY = 86400;

/** Start (epoch seconds) of the bucket of `size` seconds that holds `ms`. */
export function bucketStart(ms: number, size: number): number {
  return Math.floor(ms / 1000 / size) * size;
}

/** `YYYY-MM-DD` of a UTC day given in epoch seconds. */
export function isoDay(daySeconds: number): string {
  return new Date(daySeconds * 1000).toISOString().slice(0, 10);
}

/** Epoch seconds of `YYYY-MM-DD` at 00:00 UTC. */
export function dayFromIso(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 1000;
}
