import type { DownloadProgress } from '../bindings/DownloadProgress';
import { megabytes } from '../lib/format';

/** A model download's progress: bar plus "12.3 of 77.7 MB". */
export function DownloadBar({ progress, label }: { progress: DownloadProgress; label: string }) {
  const { received, total } = progress;
  const known = total != null && total > 0;
  const percent = known ? Math.min(100, Math.round((received / total) * 100)) : undefined;
  return (
    <div className="download">
      <progress
        data-testid="model-progress"
        aria-label={label}
        value={known ? received : undefined}
        max={known ? total : undefined}
      />
      <div className="download-text small muted">
        {known
          ? `${megabytes(received)} of ${megabytes(total)} MB (${percent}%)`
          : `${megabytes(received)} MB`}
        {progress.bytes_per_sec > 0 && ` · ${megabytes(progress.bytes_per_sec)} MB/s`}
      </div>
    </div>
  );
}
