import type { Question } from '../bindings/Question';
import type { QuestionProgress } from '../bindings/QuestionProgress';

/**
 * Questions ordered weakest first, as viva-practice plans them: never answered first (in deck
 * order), then by latest score, lowest first.
 */
export function byWeakness(questions: Question[], progress: QuestionProgress[]): Question[] {
  const latest = new Map<string, number>();
  for (const p of progress) {
    const last = p.points[p.points.length - 1];
    if (last) latest.set(p.question_id, last.score);
  }
  return questions
    .map((q, i) => ({ q, i, score: latest.get(q.id) ?? -1 }))
    .sort((a, b) => a.score - b.score || a.i - b.i)
    .map((x) => x.q);
}

export function latestScores(progress: QuestionProgress[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of progress) {
    const last = p.points[p.points.length - 1];
    if (last) m.set(p.question_id, last.score);
  }
  return m;
}
