/** Microphone level: dBFS mapped onto a bar from -60 dB (silence) to 0 dB (full scale). */
export function levelFraction(db: number): number {
  if (!Number.isFinite(db)) return 0;
  return Math.min(1, Math.max(0, (db + 60) / 60));
}

export function LevelMeter({ rmsDb, peakDb }: { rmsDb: number; peakDb: number }) {
  const rms = levelFraction(rmsDb);
  const peak = levelFraction(peakDb);
  const percent = Math.round(rms * 100);
  return (
    <svg
      className="level-meter"
      data-testid="level-meter"
      data-level={percent}
      role="meter"
      aria-label="Microphone level"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      viewBox="0 0 100 8"
      preserveAspectRatio="none"
    >
      <rect className="level-track" x="0" y="0" width="100" height="8" rx="4" />
      <rect className="level-fill" x="0" y="0" width={rms * 100} height="8" rx="4" />
      {peak > 0 && <rect className="level-peak" x={peak * 100 - 1} y="0" width="1" height="8" />}
    </svg>
  );
}
