import type { ConceptResult } from '../bindings/ConceptResult';
import type { Word } from '../bindings/Word';

/** A word's part in the verdicts: the concept it helped match, or the wrong claim it was in. */
export type WordMark = { concept: string; wrong: boolean };

/** For each word index, its mark (from ConceptResult.words and misconception.words ranges). */
export function conceptByWord(concepts: ConceptResult[]): Map<number, WordMark> {
  const m = new Map<number, WordMark>();
  const mark = (range: [number, number] | null | undefined, concept: string, wrong: boolean) => {
    if (!range) return;
    for (let i = range[0]; i <= range[1]; i++) if (!m.has(i)) m.set(i, { concept, wrong });
  };
  for (const c of concepts) mark(c.misconception?.words, c.name, true);
  for (const c of concepts) if (c.matched) mark(c.words, c.name, false);
  return m;
}

/** The highlight of one word: green for a concept matched, red for a wrong claim. */
export function Marked({ mark, children }: { mark?: WordMark; children: string }) {
  if (!mark) return <>{children}</>;
  return (
    <mark
      className={mark.wrong ? 'wrong' : 'hit'}
      title={mark.wrong ? `Said wrongly: ${mark.concept}` : mark.concept}
      data-concept={mark.concept}
      data-wrong={mark.wrong ? 'true' : undefined}
    >
      {children}
    </mark>
  );
}

/** A scored transcript: words that matched a concept are highlighted and labelled. */
export function TranscriptView({
  words,
  concepts,
  testid,
}: {
  words: Word[];
  concepts: ConceptResult[];
  testid?: string;
}) {
  const hits = conceptByWord(concepts);
  if (words.length === 0) {
    return (
      <p className="transcript muted" data-testid={testid}>
        No words were heard.
      </p>
    );
  }
  return (
    <p className="transcript" data-testid={testid}>
      {words.map((w, i) => (
        <span key={i}>
          <Marked mark={hits.get(i)}>{w.word}</Marked>{' '}
        </span>
      ))}
    </p>
  );
}
