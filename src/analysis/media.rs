//! Cable media and stock lengths: what a link of a given length and speed is built from (passive or active
//! copper, multimode or single-mode optics) and the lengths cables are sold in (shared/reference/domain.md §4) —
//! the vocabulary both the cable count (`cables`) and the parts list (`parts`) use.

/// Stock lengths up to 30 m: DAC 0.5–3 m, LACC 3/4/5 m, then the fibre patch lengths sold from stock.
const STOCK_UP_TO_30_M: [f64; 13] = [0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 7.5, 10.0, 15.0, 20.0, 25.0, 30.0];

/// Longest stock length (whole metres above 30 m), metres; past it lengths round up to the next 100 m.
const LONGEST_BIN_M: usize = 500;

/// The lengths cables are bought in, metres: the stock lengths up to 30 m, then trunks made to length in whole
/// metres (31, 32, … 500 m). NVIDIA's MPO-12/APC trunks come in part numbers to 30 m (and 50 m); longer and exact
/// lengths are made to order, routine for AI halls (shared/reference/domain.md §13) — so a 31 m route is a 31 m
/// trunk, not a 50 m one (1 m steps: an assumption). Past 500 m, lengths round up to the next 100 m.
pub const STOCK_LENGTHS_M: [f64; 13 + LONGEST_BIN_M - 30] = {
    let mut out = [0.0; 13 + LONGEST_BIN_M - 30];
    let mut i = 0;
    while i < 13 {
        out[i] = STOCK_UP_TO_30_M[i];
        i += 1;
    }
    while i < out.len() {
        out[i] = (31 + i - 13) as f64;
        i += 1;
    }
    out
};

/// The ladder in words, for the report.
pub const STOCK_LADDER: &str = "stock lengths to 30 m (DAC 0.5–3 m, LACC 3–5 m, fibre 7.5, 10, 15, 20, 25, 30 m); \
    longer trunks made to length in whole metres to 500 m (made-to-order MPO trunks, reference §13; 1 m steps an \
    assumption); past 500 m, 100 m steps";

/// Longest reach of any medium (single-mode 2×FR4), in metres.
pub const MAX_REACH_M: f64 = 2_000.0;

/// Cable media, cheapest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Media {
    /// Passive copper (DAC), up to 3 m.
    PassiveCopper,
    /// Linear active copper (LACC), up to 5 m.
    ActiveCopper,
    /// Active optical cable or multimode SR optics, up to 50 m.
    Multimode,
    /// Single-mode DR4 (500 m) or FR4 (2 km) optics.
    SingleMode,
    /// Longer than any medium reaches.
    BeyondReach,
}

/// Farthest a single-mode node link reaches at its NIC end: NVIDIA's single-port 400G DR4 for ConnectX-7 and
/// BlueField-3 (MMS4X00-NS400) reaches a twin-port switch module over at most 100 m; the 500 m MMS4X00-NM is
/// switch-to-switch only (docs.nvidia.com; shared/reference/domain.md §13).
pub const NIC_SINGLE_MODE_REACH_M: f64 = 100.0;

impl Media {
    /// All media in order.
    pub const ALL: [Media; 5] =
        [Media::PassiveCopper, Media::ActiveCopper, Media::Multimode, Media::SingleMode, Media::BeyondReach];

    /// The report key.
    pub fn key(self) -> &'static str {
        match self {
            Media::PassiveCopper => "passive_copper",
            Media::ActiveCopper => "active_copper",
            Media::Multimode => "multimode",
            Media::SingleMode => "single_mode",
            Media::BeyondReach => "beyond_reach",
        }
    }

    /// The medium with this report key.
    pub fn from_key(key: &str) -> Option<Media> {
        Media::ALL.into_iter().find(|m| m.key() == key)
    }

    /// A name for people: what is bought and how far it reaches.
    pub fn label(self) -> &'static str {
        match self {
            Media::PassiveCopper => "Passive copper (DAC, ≤ 3 m)",
            Media::ActiveCopper => "Active copper (ACC, ≤ 5 m)",
            Media::Multimode => "Multimode optics + fibre (≤ 50 m, ≤ 400G)",
            Media::SingleMode => "Single-mode optics + fibre (≤ 2 km)",
            Media::BeyondReach => "Beyond any reach",
        }
    }

    /// Longest stock length it serves, in metres.
    pub fn reach_m(self) -> f64 {
        match self {
            Media::PassiveCopper => 3.0,
            Media::ActiveCopper => 5.0,
            Media::Multimode => 50.0,
            Media::SingleMode => MAX_REACH_M,
            Media::BeyondReach => f64::INFINITY,
        }
    }

    /// The cheapest medium that reaches `length_m`.
    pub fn for_length(length_m: f64) -> Media {
        Media::ALL.into_iter().find(|m| length_m <= m.reach_m() + 1e-9).unwrap_or(Media::BeyondReach)
    }

    /// The cheapest medium that reaches `length_m` at `gbps`: no multimode past 400G (NVIDIA sells none at XDR,
    /// reference §4), so such links go single-mode.
    pub fn for_link(length_m: f64, gbps: u32) -> Media {
        match Media::for_length(length_m) {
            Media::Multimode if gbps > 400 => Media::SingleMode,
            m => m,
        }
    }
}
