//! Cable media and stock lengths: what a link of a given length and speed is built from (passive or active
//! copper, multimode or single-mode optics) and the lengths cables are sold in (shared/reference/domain.md §4) —
//! the vocabulary both the cable count (`cables`) and the parts list (`parts`) use.

/// Stock cable lengths in metres: DAC 0.5–3 m, LACC 3/4/5 m, then fibre bins (beyond 30 m a planning
/// convention); past 500 m lengths round up to the next 100 m.
pub const STOCK_LENGTHS_M: [f64; 20] = [
    0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 7.5, 10.0, 15.0, 20.0, 25.0, 30.0, 50.0, 75.0, 100.0, 150.0, 200.0, 300.0, 500.0,
];

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
