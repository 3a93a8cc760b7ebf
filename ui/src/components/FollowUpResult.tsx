import type { FollowUp } from '../bindings/FollowUp';
import type { Verdict } from '../bindings/Verdict';
import { clock } from '../lib/format';
import { Icon } from './Icon';
import { Replay } from './Replay';
import { verdictOf } from './Result';

const OUTCOME: Record<Verdict, string> = {
  covered: 'Recovered on follow-up',
  mentioned: 'Named on follow-up, not explained',
  misconception: 'Stated wrongly on follow-up',
  missed: 'Not recovered on follow-up',
};

/** How much came unprompted and how much after the nudge: "43 unprompted + 28 after it = 71". */
export function followUpScore(f: FollowUp): string {
  const gained = f.with_follow_up - f.unprompted;
  if (gained > 0)
    return `${f.unprompted} unprompted + ${gained} after the follow-up = ${f.with_follow_up}`;
  if (gained < 0)
    return `${f.unprompted} unprompted, ${f.with_follow_up} counting the follow-up's wrong claim`;
  return `${f.unprompted} unprompted; the follow-up added nothing`;
}

/** The follow-up Viva asked, the answer to it, and what that answer did for the point. */
export function FollowUpResult({
  attemptId,
  followUp,
  hasAudio,
  active = true,
}: {
  attemptId: number;
  followUp: FollowUp;
  hasAudio: boolean;
  active?: boolean;
}) {
  const r = followUp.result;
  const verdict = verdictOf(r);
  const heard = (r.misconception?.heard ?? r.heard)?.replace(/[\s.,;:!?]+$/, '');
  const at = r.misconception?.start_s ?? r.start_s;
  return (
    <section
      className="follow-up stack-tight"
      data-testid="follow-up-result"
      data-recovered={String(followUp.recovered)}
      aria-labelledby="follow-up-title"
    >
      <h3 id="follow-up-title">Follow-up</h3>
      <p className="follow-up-prompt">“{followUp.probe.prompt}”</p>
      <p
        className={`concept ${verdict === 'covered' ? 'hit' : verdict === 'misconception' ? 'misconception' : 'missed'}`}
        data-testid="follow-up-verdict"
        data-concept={r.name}
      >
        <Icon name={verdict === 'covered' ? 'check' : 'cross'} size={16} />
        <span>
          <strong>{OUTCOME[verdict]}</strong>: <span className="concept-name">{r.name}</span>{' '}
          {at != null && (
            <span className="time" title="When you said it">
              {clock(at)}
            </span>
          )}{' '}
          {heard && <span className="small muted detail">“{heard}”</span>}
          {r.misconception && (
            <>
              <br />
              <span className="small truth">In fact: {r.misconception.truth}</span>
            </>
          )}
        </span>
      </p>
      <p className="small" data-testid="follow-up-score">
        Score: {followUpScore(followUp)}
      </p>
      <Replay
        attemptId={attemptId}
        followUp
        transcript={followUp.transcript}
        concepts={[r]}
        hasAudio={hasAudio && followUp.transcript.words.length > 0}
        active={active}
        transcriptTestId="follow-up-transcript"
      />
    </section>
  );
}
