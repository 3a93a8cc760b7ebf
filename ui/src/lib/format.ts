/** "0:12", "1:05": a moment in a recording or a duration. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "0:12.4": a playback position, to a tenth of a second. */
export function clockTenths(seconds: number): string {
  // Whole tenths first: 1.4 - 1 is 0.39999… in floating point.
  const tenths = Math.floor(Math.max(0, seconds) * 10 + 1e-6);
  return `${clock(Math.floor(tenths / 10))}.${tenths % 10}`;
}

export function megabytes(bytes: number | bigint): string {
  const mb = Number(bytes) / 1_000_000;
  return mb >= 100 ? mb.toFixed(0) : mb.toFixed(1);
}

/** A stored RFC 3339 time, shown in the user's locale. */
export function dateTime(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  return d.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function shortDate(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

export function errorMessage(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e instanceof Error) return e.message;
  return String(e);
}

export function modeLabel(mode: string): string {
  switch (mode) {
    case 'single':
      return 'Single question';
    case 'mock':
      return 'Mock interview';
    case 'weak-spots':
      return 'Weak spots';
    case 'cli':
      return 'Command line';
    case 'due':
      return 'Due';
    default:
      return mode;
  }
}
