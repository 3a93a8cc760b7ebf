use super::*;
use crate::builtin;
use crate::score::assess;
use crate::transcript::Transcript;

const DAY: i64 = 86_400;
/// 2026-11-02 09:00 UTC.
const MONDAY: i64 = 1_793_610_000;

fn days_until_due(reviews: &[Review]) -> f64 {
    let m = remember(reviews).unwrap();
    (m.due() - reviews.iter().map(|r| r.at).max().unwrap()) as f64 / DAY as f64
}

#[test]
fn a_question_failed_today_is_due_again_soon() {
    let failed = [Review {
        at: MONDAY,
        recall: Recall::Again,
    }];
    assert!(
        days_until_due(&failed) <= 1.0,
        "{}",
        days_until_due(&failed)
    );
    // Failing a question that was going well brings it back soon too.
    let mut lapsed: Vec<Review> = (0..4)
        .map(|i| Review {
            at: MONDAY + i * 5 * DAY,
            recall: Recall::Good,
        })
        .collect();
    let before = remember(&lapsed).unwrap();
    lapsed.push(Review {
        at: before.due(),
        recall: Recall::Again,
    });
    assert!(
        days_until_due(&lapsed) <= 1.0,
        "{}",
        days_until_due(&lapsed)
    );
    assert_eq!(remember(&lapsed).unwrap().lapses(), 1);
}

#[test]
fn a_question_answered_well_several_times_drifts_out_to_weeks() {
    let mut reviews = vec![Review {
        at: MONDAY,
        recall: Recall::Good,
    }];
    let mut gaps = vec![days_until_due(&reviews)];
    for _ in 0..4 {
        // Answered well each time it comes back.
        let due = remember(&reviews).unwrap().due();
        reviews.push(Review {
            at: due,
            recall: Recall::Good,
        });
        gaps.push(days_until_due(&reviews));
    }
    assert!(gaps.windows(2).all(|w| w[1] > w[0]), "{gaps:?}");
    assert!(
        gaps[0] <= 4.0,
        "a first good answer returns within days: {gaps:?}"
    );
    assert!(*gaps.last().unwrap() >= 14.0, "{gaps:?}");
}

#[test]
fn easy_answers_come_back_later_than_good_and_hard_ones() {
    let after = |recall| {
        days_until_due(&[
            Review {
                at: MONDAY,
                recall: Recall::Good,
            },
            Review {
                at: MONDAY + 3 * DAY,
                recall,
            },
        ])
    };
    let (hard, good, easy) = (
        after(Recall::Hard),
        after(Recall::Good),
        after(Recall::Easy),
    );
    assert!(hard < good && good < easy, "{hard} {good} {easy}");
}

#[test]
fn memory_is_the_same_whatever_order_the_reviews_come_in() {
    let a = Review {
        at: MONDAY,
        recall: Recall::Hard,
    };
    let b = Review {
        at: MONDAY + 2 * DAY,
        recall: Recall::Easy,
    };
    assert_eq!(remember(&[a, b]), remember(&[b, a]));
    let m = remember(&[b, a]).unwrap();
    assert_eq!((m.introduced, m.reviews, m.last), (MONDAY, 2, Recall::Easy));
    assert_eq!(remember(&[]), None);
}

fn graded(answer: &str, first_word_s: Option<f64>) -> Grade {
    let deck = &builtin::decks().unwrap()[0];
    let question = deck.question("gil").unwrap();
    let targets = DeliveryTargets::default();
    let mut a = assess(question, &Transcript::from_text(answer), &targets);
    a.metrics.time_to_first_word_s = first_word_s;
    grade(&a, &targets)
}

const STRONG_GIL: &str = "The GIL, the global interpreter lock, is a mutex in CPython that lets \
    only one thread execute Python bytecode at a time. So threads do not speed up CPU bound \
    work, but they still help I/O bound work, because the lock is released while a thread \
    waits. For CPU bound work use multiprocessing. PEP 703 makes the GIL optional in a free \
    threaded build.";

#[test]
fn grades_follow_what_the_answer_showed_and_say_why() {
    let strong = graded(STRONG_GIL, Some(1.0));
    assert_eq!(strong.recall, Recall::Easy, "{strong:?}");
    let typed = graded(STRONG_GIL, None);
    assert_eq!(typed.recall, Recall::Easy, "{typed:?}");
    let froze = graded(STRONG_GIL, Some(9.5));
    assert_eq!(froze.recall, Recall::Hard, "{froze:?}");
    assert!(froze.reason.contains("9.5 s"), "{}", froze.reason);
    let slow = graded(STRONG_GIL, Some(4.5));
    assert_eq!(slow.recall, Recall::Good, "{slow:?}");

    let vague = graded("It is something about threads in Python.", Some(1.0));
    assert_eq!(vague.recall, Recall::Again, "{vague:?}");
    assert!(
        vague.reason.contains("most of the answer"),
        "{}",
        vague.reason
    );

    let wrong = graded(
        "The GIL lets every thread execute bytecode at the same time, so threads are great \
         for CPU bound work.",
        Some(1.0),
    );
    assert_eq!(wrong.recall, Recall::Again, "{wrong:?}");
    assert!(
        wrong.reason.starts_with("a wrong claim about"),
        "{}",
        wrong.reason
    );
}

#[test]
fn when_says_days_weeks_and_months() {
    let start = MONDAY - 9 * 3600;
    let cases = [
        (start - DAY, "today"),
        (start + 3600, "today"),
        (start + DAY + 5, "tomorrow"),
        (start + 3 * DAY, "in 3 days"),
        (start + 16 * DAY, "in 2 weeks"),
        (start + 95 * DAY, "in 3 months"),
        (start + 800 * DAY, "in 2 years"),
    ];
    for (due, said) in cases {
        assert_eq!(when(due, start), said, "{}", (due - start) / DAY);
    }
}

#[test]
fn the_agenda_lists_due_questions_overdue_first_and_paces_new_ones() {
    let deck = &builtin::decks().unwrap()[0];
    let ids: Vec<&str> = deck.questions.iter().map(|q| q.id.as_str()).collect();
    let day_start = MONDAY + 20 * DAY - 9 * 3600;
    let day_end = day_start + DAY;
    let memory = |at: i64, recall| remember(&[Review { at, recall }]).unwrap();
    let mut memories = HashMap::new();
    // Failed long ago (overdue), failed yesterday (due today), answered well today (not due).
    memories.insert(ids[2].to_string(), memory(MONDAY, Recall::Again));
    memories.insert(ids[0].to_string(), memory(day_start - DAY, Recall::Again));
    memories.insert(ids[1].to_string(), memory(day_start + 60, Recall::Good));
    let a = agenda(deck, &memories, day_start, day_end, 5);
    assert_eq!(a.due, vec![ids[2].to_string(), ids[0].to_string()]);
    // One question was introduced today, so four new ones may be.
    assert_eq!(
        a.new,
        ids[3..7].iter().map(|s| s.to_string()).collect::<Vec<_>>()
    );
    let next = a.next_due.unwrap();
    assert_eq!(next, memories[ids[1]].due());
    assert_eq!(
        a.next_due_in.as_deref(),
        Some(when(next, day_start).as_str())
    );

    let none_new = agenda(deck, &memories, day_start, day_end, 1);
    assert!(none_new.new.is_empty(), "{:?}", none_new.new);
}
