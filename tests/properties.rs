//! Properties of the live model that must hold for any layout.

use clusterplan::analysis::analyse;
use clusterplan::generate::{generate, preset_params};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Totals do not depend on the order items are stored in.
    #[test]
    fn totals_do_not_depend_on_item_order(seed in any::<u64>(), su in 1_u32..4) {
        let layout = preset_params("superpod-h100", None, Some(su)).and_then(|p| generate(&p))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut shuffled = layout.clone();
        // A Fisher–Yates shuffle driven by the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.items.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.items.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let (a, b) = (analyse(&layout), analyse(&shuffled));
        prop_assert_eq!(a.gpus, b.gpus);
        prop_assert!((a.power.it_kw - b.power.it_kw).abs() < 1e-6);
        prop_assert!((a.cooling.liquid_kw - b.cooling.liquid_kw).abs() < 1e-6);
        prop_assert_eq!(a.network, b.network);
        prop_assert_eq!(a.cables.count, b.cables.count);
        prop_assert!((a.cables.total_length_m - b.cables.total_length_m).abs() < 1e-6);
        prop_assert_eq!(a.warnings.len(), b.warnings.len());
    }

    /// Moving any one item anywhere never panics the analysis, and GPU totals never change.
    #[test]
    fn moving_an_item_never_panics(index in 0_usize..72, x in -50_i32..200, y in -50_i32..200) {
        let mut layout = preset_params("superpod-h100", None, Some(4)).and_then(|p| generate(&p))
            .unwrap_or_else(|e| panic!("{e}"));
        let before = analyse(&layout).gpus.total;
        let i = index % layout.items.len();
        layout.items[i].x = x;
        layout.items[i].y = y;
        prop_assert_eq!(analyse(&layout).gpus.total, before);
    }
}
