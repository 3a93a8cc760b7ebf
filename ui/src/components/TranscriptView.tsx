import type { ConceptResult } from '../bindings/ConceptResult';
import type { Word } from '../bindings/Word';

/** For each word index, the concept it helped match (from ConceptResult.words ranges). */
export function conceptByWord(concepts: ConceptResult[]): Map<number, string> {
  const m = new Map<number, string>();
  for (const c of concepts) {
    if (!c.matched || !c.words) continue;
    const [a, b] = c.words;
    for (let i = a; i <= b; i++) if (!m.has(i)) m.set(i, c.name);
  }
  return m;
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
      {words.map((w, i) => {
        const concept = hits.get(i);
        return (
          <span key={i}>
            {concept ? (
              <mark className="hit" title={concept} data-concept={concept}>
                {w.word}
              </mark>
            ) : (
              w.word
            )}{' '}
          </span>
        );
      })}
    </p>
  );
}
