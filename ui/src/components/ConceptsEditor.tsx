import { useState } from 'react';

import type { Concept } from '../bindings/Concept';
import type { FieldProblem } from '../bindings/FieldProblem';
import type { Subject } from '../bindings/Subject';
import { Icon } from './Icon';

/** "a, b, c" and back: how aliases and forms are typed. */
export const splitList = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/**
 * A list typed as "a, b, c". The text is kept as typed (a trailing comma included) while the
 * list it stands for goes up at each key.
 */
export function ListInput({
  value,
  onChange,
  ...rest
}: {
  value: string[];
  onChange: (v: string[]) => void;
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  const [text, setText] = useState(value.join(', '));
  const shown = splitList(text).join('\u0000') === value.join('\u0000') ? text : value.join(', ');
  return (
    <input
      {...rest}
      value={shown}
      onChange={(e) => {
        setText(e.target.value);
        onChange(splitList(e.target.value));
      }}
    />
  );
}

export function newConcept(name = ''): Concept {
  return { name, aliases: [], weight: 1 };
}

/** The problems at one field, shown under it; the field is marked invalid by an error. */
export function FieldNote({ problems, field }: { problems: FieldProblem[]; field: string }) {
  const here = problems.filter((p) => p.field === field);
  if (here.length === 0) return null;
  return (
    <>
      {here.map((p, i) => (
        <span
          key={i}
          className={`small field-problem ${p.warning ? 'warning' : 'error'}`}
          data-testid="field-problem"
          data-field={field}
        >
          {p.message}
          {p.hint && <span className="muted"> · {p.hint}</span>}
        </span>
      ))}
    </>
  );
}

export const invalid = (problems: FieldProblem[], field: string) =>
  problems.some((p) => p.field === field && !p.warning) || undefined;

/** A question's concepts: name, aliases, weight, claim, follow-up and known misconceptions. */
export function ConceptsEditor({
  concepts,
  subjects,
  base,
  problems,
  readOnly,
  onChange,
}: {
  concepts: Concept[];
  /** The question's subjects, which a concept's claim may be about. */
  subjects: string[];
  /** The question's field path, e.g. `questions.2`. */
  base: string;
  problems: FieldProblem[];
  readOnly: boolean;
  onChange: (concepts: Concept[]) => void;
}) {
  const set = (i: number, c: Concept) => onChange(concepts.map((x, j) => (j === i ? c : x)));
  return (
    <section className="concepts-editor stack" aria-label="Concepts">
      <h3>
        Concepts <span className="count">{concepts.length}</span>
      </h3>
      <FieldNote problems={problems} field={base} />
      {concepts.map((c, i) => {
        const at = `${base}.concepts.${i}`;
        return (
          <fieldset key={i} className="concept-row stack-tight" data-testid="concept-row">
            <div className="row wrap">
              <label className="field grow">
                <span>Name</span>
                <input
                  data-testid="concept-name"
                  value={c.name}
                  readOnly={readOnly}
                  aria-invalid={invalid(problems, `${at}.name`)}
                  onChange={(e) => set(i, { ...c, name: e.target.value })}
                />
                <FieldNote problems={problems} field={`${at}.name`} />
              </label>
              <label className="field short">
                <span>Weight</span>
                <input
                  type="number"
                  min={0.5}
                  max={100}
                  step={0.5}
                  data-testid="concept-weight"
                  value={c.weight}
                  readOnly={readOnly}
                  aria-invalid={invalid(problems, `${at}.weight`)}
                  onChange={(e) => set(i, { ...c, weight: Number(e.target.value) })}
                />
                <FieldNote problems={problems} field={`${at}.weight`} />
              </label>
              {!readOnly && (
                <button
                  type="button"
                  className="icon-button"
                  data-testid="delete-concept"
                  aria-label={`Delete the concept ${c.name}`}
                  onClick={() => onChange(concepts.filter((_, j) => j !== i))}
                >
                  <Icon name="trash" />
                </button>
              )}
            </div>
            <label className="field">
              <span>Aliases: other ways to say it, separated by commas</span>
              <ListInput
                data-testid="concept-aliases"
                value={c.aliases}
                readOnly={readOnly}
                aria-invalid={invalid(problems, `${at}.aliases`)}
                onChange={(aliases) => set(i, { ...c, aliases })}
              />
              <FieldNote problems={problems} field={`${at}.aliases`} />
            </label>
            {subjects.length > 0 && (
              <label className="field">
                <span>About: the subject this claim is about (said of another, it is wrong)</span>
                <select
                  data-testid="concept-about"
                  value={c.about ?? ''}
                  disabled={readOnly}
                  aria-invalid={invalid(problems, `${at}.about`)}
                  onChange={(e) => set(i, { ...c, about: e.target.value || undefined })}
                >
                  <option value="">Any of them</option>
                  {subjects.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
                <FieldNote problems={problems} field={`${at}.about`} />
              </label>
            )}
            <label className="field">
              <span>
                Claim: the point as one true sentence (shown when an answer gets it wrong)
              </span>
              <input
                data-testid="concept-claim"
                value={c.claim ?? ''}
                readOnly={readOnly}
                onChange={(e) => set(i, { ...c, claim: e.target.value || undefined })}
              />
            </label>
            <label className="field">
              <span>Follow-up: what an interviewer asks when the point is missing</span>
              <input
                data-testid="concept-follow-up"
                value={c.follow_up ?? ''}
                readOnly={readOnly}
                aria-invalid={invalid(problems, `${at}.follow_up`)}
                onChange={(e) => set(i, { ...c, follow_up: e.target.value || undefined })}
              />
              <FieldNote problems={problems} field={`${at}.follow_up`} />
            </label>
            {(c.misconceptions ?? []).map((m, k) => (
              <div key={k} className="row wrap misconception-row">
                <label className="field grow">
                  <span>Misconception: the words of a wrong answer, separated by commas</span>
                  <ListInput
                    data-testid="misconception-said"
                    value={m.said}
                    readOnly={readOnly}
                    aria-invalid={invalid(problems, `${at}.misconceptions.${k}.said`)}
                    onChange={(said) =>
                      set(i, {
                        ...c,
                        misconceptions: (c.misconceptions ?? []).map((x, j) =>
                          j === k ? { ...x, said } : x,
                        ),
                      })
                    }
                  />
                  <FieldNote problems={problems} field={`${at}.misconceptions.${k}.said`} />
                </label>
                <label className="field grow">
                  <span>What is true instead (the claim when empty)</span>
                  <input
                    value={m.truth === c.claim ? '' : m.truth}
                    readOnly={readOnly}
                    onChange={(e) =>
                      set(i, {
                        ...c,
                        misconceptions: (c.misconceptions ?? []).map((x, j) =>
                          j === k ? { ...x, truth: e.target.value || (c.claim ?? '') } : x,
                        ),
                      })
                    }
                  />
                </label>
              </div>
            ))}
            {!readOnly && (
              <button
                type="button"
                className="link"
                onClick={() =>
                  set(i, {
                    ...c,
                    misconceptions: [
                      ...(c.misconceptions ?? []),
                      { said: [], truth: c.claim ?? '' },
                    ],
                  })
                }
              >
                Add a misconception
              </button>
            )}
          </fieldset>
        );
      })}
      {!readOnly && (
        <button
          type="button"
          data-testid="add-concept"
          onClick={() => onChange([...concepts, newConcept()])}
        >
          Add a concept
        </button>
      )}
    </section>
  );
}

/** The things a question contrasts (`is` and `==`), each with the ways people name it. */
export function SubjectsEditor({
  subjects,
  base,
  problems,
  readOnly,
  onChange,
}: {
  subjects: Subject[];
  base: string;
  problems: FieldProblem[];
  readOnly: boolean;
  onChange: (subjects: Subject[]) => void;
}) {
  const set = (i: number, s: Subject) => onChange(subjects.map((x, j) => (j === i ? s : x)));
  return (
    <section className="subjects-editor stack-tight" aria-label="Subjects">
      <h3>
        Subjects <span className="count">{subjects.length}</span>
        <span className="small muted detail">
          {' '}
          · what the question contrasts, so a claim said of the wrong one is caught
        </span>
      </h3>
      {subjects.map((s, i) => {
        const at = `${base}.subjects.${i}`;
        return (
          <div key={i} className="row wrap" data-testid="subject-row">
            <label className="field short">
              <span>Name</span>
              <input
                data-testid="subject-name"
                value={s.name}
                readOnly={readOnly}
                aria-invalid={invalid(problems, `${at}.name`)}
                onChange={(e) => set(i, { ...s, name: e.target.value })}
              />
              <FieldNote problems={problems} field={`${at}.name`} />
            </label>
            <label className="field grow">
              <span>How people name it, separated by commas</span>
              <ListInput
                data-testid="subject-forms"
                value={s.forms}
                readOnly={readOnly}
                aria-invalid={invalid(problems, `${at}.forms`)}
                onChange={(forms) => set(i, { ...s, forms })}
              />
              <FieldNote problems={problems} field={`${at}.forms`} />
            </label>
            {!readOnly && (
              <button
                type="button"
                className="icon-button"
                aria-label={`Delete the subject ${s.name}`}
                onClick={() => onChange(subjects.filter((_, j) => j !== i))}
              >
                <Icon name="trash" />
              </button>
            )}
          </div>
        );
      })}
      {!readOnly && (
        <button
          type="button"
          data-testid="add-subject"
          onClick={() => onChange([...subjects, { name: '', forms: [] }])}
        >
          Add a subject
        </button>
      )}
    </section>
  );
}
