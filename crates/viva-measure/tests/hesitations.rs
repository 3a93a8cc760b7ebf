//! The measuring tool and the scorer agree on what a hesitation is.

#[test]
fn wer_drops_the_hesitations_the_scorer_ignores() {
    let mut wer: Vec<&str> = viva_measure::FILLERS.to_vec();
    let mut core: Vec<&str> = viva_core::text::HESITATIONS.to_vec();
    wer.sort_unstable();
    core.sort_unstable();
    assert_eq!(wer, core);
}
