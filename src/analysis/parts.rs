//! What is bought for each link: copper cables, transceivers at each end and fibre, by medium, speed and stock
//! length (shared/reference/domain.md §4, NVIDIA LinkX).
//!
//! Rules:
//! - A switch port cage carries `links_per_module` links (QM9700 and Q3400: twin-port OSFP, 2 links per cage;
//!   an 800G cage also carries 2 × 400G). A NIC end carries one link per module.
//! - Copper (DAC ≤ 3 m, linear active copper ≤ 5 m): one cable per cage at the switch end — a splitter
//!   (twin-port OSFP to 2 single-port ends) between a switch and NICs, a twin cable between two switches; both
//!   links of a cable on one switch pair (a link group spread over several switches rounds up per switch); no
//!   transceivers.
//! - Optics (≤ 50 m multimode SR, ≤ 500 m single-mode DR, ≤ 2 km single-mode FR): a transceiver at each end —
//!   one per link at a NIC, one per cage at a switch (whole cages per switch of the rack) — and one fibre per link:
//!   MPO-12 OM4 (SR), MPO-12 APC single-mode (DR at ≤ 400G; MPO-16 at 800G, DR8), LC duplex (FR; one per 400G).
//! - NVIDIA sells no multimode optics at XDR (800G per port), so 800G links past copper reach go single-mode.

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::media::{Media, STOCK_LENGTHS_M};

/// Stock-length bins counted densely.
const STOCK_BINS: usize = STOCK_LENGTHS_M.len();

/// One end of a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum End {
    /// A GPU server's NIC side, whose cages carry `per_cage` links each (a DGX's twin-port cages: 2).
    Nic {
        /// Links one NIC-side cage (and its module) carries.
        per_cage: u32,
    },
    /// A switch in a network rack whose port cages carry `per_cage` links each.
    Switch {
        /// The network rack, numbered densely from 0 by the caller (modules are counted per rack).
        rack: u32,
        /// Links one port cage carries.
        per_cage: u32,
        /// Switches in the rack (a cage belongs to one switch: modules are rounded up per switch).
        switches: u32,
    },
}

impl End {
    fn per_module(self) -> u32 {
        match self {
            // A NIC cage's links go to different leaves (one rail each): copper never pairs them.
            End::Nic { .. } => 1,
            End::Switch { per_cage, .. } => per_cage.max(1),
        }
    }
}

/// What a group of links is: their speed, their two ends, and over how many switch pairs they spread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkKind {
    /// Link speed in Gb/s.
    pub gbps: u32,
    /// One end.
    pub a: End,
    /// The other end.
    pub b: End,
    /// Distinct (end, end) switch pairs the group's links spread evenly over — a copper cable carrying two links
    /// needs both on one pair (both legs of a splitter in one switch cage).
    pub pairs: u32,
}

/// Optical reach class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Optic {
    /// Multimode SR, ≤ 50 m.
    Sr,
    /// Single-mode DR, ≤ 500 m.
    Dr,
    /// Single-mode FR, ≤ 2 km.
    Fr,
}

impl Optic {
    fn reach_m(self) -> f64 {
        match self {
            Optic::Sr => 50.0,
            Optic::Dr => 500.0,
            Optic::Fr => 2_000.0,
        }
    }
}

/// A part, compactly, for counting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum PartKey {
    /// A copper cable: passive or not, link speed, links it carries, stock-length bits, splitter or twin.
    Copper { active: bool, gbps: u32, links: u32, splitter: bool, length_bits: u64 },
    /// A transceiver: reach class, link speed, links per module, and whether it is a twin-port module for a
    /// server's cage (flat-top: NVIDIA's finned twin-port parts are for switches only).
    Module { optic: Optic, gbps: u32, links: u32, server: bool },
    /// A fibre: reach class, link speed, stock-length bits.
    Fibre { optic: Optic, gbps: u32, length_bits: u64 },
}

/// One part to order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartCount {
    /// Stable part id, e.g. `"osfp-800g-2x400g-sr"`.
    pub part: String,
    /// `"cable"`, `"transceiver"` or `"fibre"`.
    pub category: &'static str,
    /// What it is.
    pub description: String,
    /// Stock length of a cable or fibre, in metres.
    pub length_m: Option<f64>,
    /// How many.
    pub quantity: u64,
    /// NVIDIA's orderable part number (OPN) where reference §4 names one for the part (LinkX transceivers, MPO
    /// trunks by family — the stock length is ordered with it); empty otherwise.
    pub part_number: &'static str,
    /// Where the part and its reach come from.
    pub source: &'static str,
    /// True when part of it is a planning estimate.
    pub assumption: bool,
    /// List price of one (for a cable or fibre: at its stock length), in US dollars.
    pub unit_price_usd: f64,
    /// Where the price comes from.
    pub price_source: &'static str,
}

/// Transceivers cost this much per Gb/s of the module, by reach class: reference §4's rough prices (800G DR8
/// $1,100–1,400 → $1.55/Gb/s at the midpoint; 800G FR4 $1,500–1,900 → $2.10); multimode SR $1.25, about 80 % of
/// DR (estimate).
const MODULE_USD_PER_GBPS: [(Optic, f64); 3] = [(Optic::Sr, 1.25), (Optic::Dr, 1.55), (Optic::Fr, 2.10)];
/// Copper cables: US dollars per Gb/s of the switch cage, plus per metre (passive, active).
const COPPER_USD: [(f64, f64); 2] = [(0.25, 25.0), (0.45, 35.0)];

const PRICE_SRC_OPTICS: &str = "Reference 4 rough prices (luxoptx 800G cost analysis, low confidence): 800G DR8 \
                                $1,100-1,400, 800G FR4 $1,500-1,900; per Gb/s DR $1.55, FR $2.10, SR $1.25 (about \
                                80 % of DR, estimate).";
const PRICE_SRC_COPPER: &str = "Planning estimate (no copper price in the reference): DAC $0.25 per Gb/s of the \
                                cage + $25/m; linear active copper $0.45 per Gb/s + $35/m.";
const PRICE_SRC_FIBRE: &str = "Reference 4: MPO-16 trunk $50-150. Estimates: MPO-12 $40 + $1.00/m, MPO-16 $50 + \
                               $1.25/m, LC duplex $10 + $0.30/m.";

/// The default price of a part as (per unit, per metre of stock length) in US dollars: what a layout's
/// `prices.parts` entry replaces.
fn list_price(key: PartKey) -> (f64, f64) {
    match key {
        PartKey::Copper { active, gbps, links, .. } => {
            let (per_gbps, per_m) = COPPER_USD[usize::from(active)];
            (per_gbps * f64::from(gbps * links), per_m)
        }
        PartKey::Module { optic, gbps, links, .. } => {
            let rate = MODULE_USD_PER_GBPS.iter().find(|(o, _)| *o == optic).map_or(0.0, |(_, r)| *r);
            (rate * f64::from(gbps * links), 0.0)
        }
        PartKey::Fibre { optic, gbps, .. } => match (optic, gbps > 400) {
            (Optic::Fr, _) => (10.0, 0.30),
            (Optic::Dr, true) => (50.0, 1.25),
            _ => (40.0, 1.00),
        },
    }
}

const SRC_COPPER: &str = "Reference §4: NVIDIA LinkX 400G user guide — passive DAC 0.5–3 m (splitters to 3 m), linear \
                          active copper 3/4/5 m; twin-port OSFP cages carry 2 links.";
const SRC_SR: &str = "Reference §4: NVIDIA MMA4Z00-NS (800G twin-port 2×SR4) / MMA4Z00-NS400 (400G SR4), multimode \
                      MPO, 50 m.";
const SRC_DR: &str = "Reference §4: NVIDIA MMS4X00-NS / -NS400 (DR4, 100 m), MMS4X00-NM (twin-port DR4, 500 m), \
                      MPO single-mode straight ≤ 500 m.";
const SRC_FR: &str = "Reference §4: NVIDIA MMS4X50-NM (2×FR4, duplex LC, 2 km); IEEE 400GBASE-FR4.";
const SRC_XDR: &str = "Reference §4: NVIDIA offers no AOC or multimode at XDR 800G per port, so 800G optics are \
                       single-mode; 800G OSFP DR8 and FR4 prices listed (luxoptx); reaches as for 400G (assumption).";

/// The shape of a link group that decides its parts, without the racks: speed, how many ends are NICs, and the
/// links a copper cable carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Shape {
    gbps: u32,
    nic_ends: u8,
    /// Links one NIC-side module carries.
    nic_per_cage: u32,
    copper_links: u32,
    splitter: bool,
}

/// Link counts of one shape by stock-length bin (the last slot: lengths past the bins, kept by length).
#[derive(Debug)]
struct ShapeCounts {
    shape: Shape,
    links: Vec<u64>,
    copper: Vec<u64>,
    beyond: Vec<(u64, u64, u64)>,
}

/// Links ending at one switch rack, by optic, for its modules.
#[derive(Clone, Copy, Debug, Default)]
struct RackLinks {
    gbps: u32,
    per_cage: u32,
    switches: u32,
    links: [u64; 3],
}

/// Counts parts for groups of links: cheap additions into dense tables while the fabric is walked, the parts
/// list built once at the end.
#[derive(Debug, Default)]
pub struct PartTally {
    shapes: Vec<ShapeCounts>,
    last: usize,
    /// By rack number.
    racks: Vec<RackLinks>,
    /// Racks whose links came at more than one speed or cage size (hand-made halls): by (rack, module).
    odd: Counter<(u32, PartKey)>,
}

/// A count per key that remembers the last key it saw.
#[derive(Debug)]
struct Counter<K> {
    index: FxHashMap<K, usize>,
    entries: Vec<(K, u64)>,
    last: usize,
}

impl<K> Default for Counter<K> {
    fn default() -> Self {
        Self { index: FxHashMap::default(), entries: Vec::new(), last: usize::MAX }
    }
}

impl<K: Copy + Eq + std::hash::Hash> Counter<K> {
    fn add(&mut self, key: K, n: u64) {
        self.add_signed(key, n, 1);
    }

    /// Adds (`sign` +1) or takes away (−1) `n`.
    fn add_signed(&mut self, key: K, n: u64, sign: i64) {
        let apply = |v: &mut u64| *v = if sign > 0 { *v + n } else { *v - n };
        if let Some(e) = self.entries.get_mut(self.last)
            && e.0 == key
        {
            apply(&mut e.1);
            return;
        }
        let next = self.entries.len();
        let slot = *self.index.entry(key).or_insert(next);
        if slot == next {
            self.entries.push((key, 0));
        }
        apply(&mut self.entries[slot].1);
        self.last = slot;
    }
}

impl PartTally {
    /// Adds (`sign` +1) or takes away (−1, links added before) `count` links of `kind` whose stock length is
    /// `stock_m` (bin `bin` of the stock lengths, None past them), on `media`.
    pub fn add(&mut self, kind: LinkKind, media: Media, bin: Option<usize>, stock_m: f64, count: u64, sign: i64) {
        let apply = |v: &mut u64, n: u64| *v = if sign > 0 { *v + n } else { *v - n };
        let (pa, pb) = (kind.a.per_module(), kind.b.per_module());
        let shape = Shape {
            gbps: kind.gbps,
            nic_ends: u8::from(matches!(kind.a, End::Nic { .. })) + u8::from(matches!(kind.b, End::Nic { .. })),
            nic_per_cage: [kind.a, kind.b]
                .into_iter()
                .find_map(|e| if let End::Nic { per_cage } = e { Some(per_cage.max(1)) } else { None })
                .unwrap_or(1),
            copper_links: pa.max(pb),
            splitter: (pa == 1) != (pb == 1),
        };
        let slot = match self.shapes.get(self.last) {
            Some(s) if s.shape == shape => self.last,
            _ => match self.shapes.iter().position(|s| s.shape == shape) {
                Some(i) => i,
                None => {
                    let bins = STOCK_BINS;
                    self.shapes.push(ShapeCounts {
                        shape,
                        links: vec![0; bins],
                        copper: vec![0; bins],
                        beyond: Vec::new(),
                    });
                    self.shapes.len() - 1
                }
            },
        };
        self.last = slot;
        let copper = matches!(media, Media::PassiveCopper | Media::ActiveCopper);
        // Per switch pair: the links of one pair share cables, different pairs never do.
        let pairs = u64::from(kind.pairs.max(1)).min(count.max(1));
        let cables = if copper { pairs * count.div_ceil(pairs).div_ceil(u64::from(shape.copper_links)) } else { 0 };
        let counts = &mut self.shapes[slot];
        match bin {
            Some(i) => {
                apply(&mut counts.links[i], count);
                apply(&mut counts.copper[i], cables);
            }
            None => {
                let at = match counts.beyond.iter().position(|b| b.0 == stock_m.to_bits()) {
                    Some(at) => at,
                    None => {
                        counts.beyond.push((stock_m.to_bits(), 0, 0));
                        counts.beyond.len() - 1
                    }
                };
                let b = &mut counts.beyond[at];
                apply(&mut b.1, count);
                apply(&mut b.2, cables);
            }
        }
        if !matches!(media, Media::Multimode | Media::SingleMode) {
            return;
        }
        let optic = optic_for(media, kind.gbps, stock_m);
        for end in [kind.a, kind.b] {
            let End::Switch { rack, per_cage, switches } = end else { continue };
            let r = rack as usize;
            if r >= self.racks.len() {
                self.racks.resize(r + 1, RackLinks::default());
            }
            let entry = &mut self.racks[r];
            if entry.per_cage == 0 {
                (entry.gbps, entry.per_cage, entry.switches) = (kind.gbps, per_cage.max(1), switches.max(1));
            }
            if (entry.gbps, entry.per_cage) == (kind.gbps, per_cage.max(1)) {
                apply(&mut entry.links[optic as usize], count);
            } else {
                let key = PartKey::Module { optic, gbps: kind.gbps, links: per_cage.max(1), server: false };
                self.odd.add_signed((rack, key), count, sign);
            }
        }
    }

    /// Adds another tally's counts, as if its links had been added after this one's.
    pub fn merge(&mut self, other: PartTally) {
        for theirs in other.shapes {
            match self.shapes.iter_mut().find(|s| s.shape == theirs.shape) {
                Some(ours) => {
                    for (a, b) in ours.links.iter_mut().zip(&theirs.links) {
                        *a += b;
                    }
                    for (a, b) in ours.copper.iter_mut().zip(&theirs.copper) {
                        *a += b;
                    }
                    for (bits, n, c) in theirs.beyond {
                        match ours.beyond.iter_mut().find(|b| b.0 == bits) {
                            Some(b) => (b.1, b.2) = (b.1 + n, b.2 + c),
                            None => ours.beyond.push((bits, n, c)),
                        }
                    }
                }
                None => self.shapes.push(theirs),
            }
        }
        if self.racks.len() < other.racks.len() {
            self.racks.resize(other.racks.len(), RackLinks::default());
        }
        for (rack, theirs) in other.racks.into_iter().enumerate() {
            if theirs.per_cage == 0 {
                continue;
            }
            let ours = &mut self.racks[rack];
            if ours.per_cage == 0 {
                *ours = theirs;
            } else if (ours.gbps, ours.per_cage) == (theirs.gbps, theirs.per_cage) {
                for (a, b) in ours.links.iter_mut().zip(theirs.links) {
                    *a += b;
                }
            } else {
                // Links at another speed or cage size than the rack's first: counted by module, as `add` does.
                for (optic, links) in [Optic::Sr, Optic::Dr, Optic::Fr].into_iter().zip(theirs.links) {
                    if links > 0 {
                        let key = PartKey::Module { optic, gbps: theirs.gbps, links: theirs.per_cage, server: false };
                        self.odd.add((rack as u32, key), links);
                    }
                }
            }
        }
        for (key, n) in other.odd.entries {
            self.odd.add(key, n);
        }
    }

    /// The parts list and the transceivers in it (NIC and switch ends, switch ends rounded up per rack).
    pub fn finish(&self) -> (Vec<PartCount>, u64) {
        let mut counts: Counter<PartKey> = Counter::default();
        // NIC-side links by module, made whole modules once all are counted (a twin-port cage serves two rails,
        // whatever length each rail's cable is bought at).
        let mut nic: Counter<PartKey> = Counter::default();
        for s in &self.shapes {
            let Shape { gbps, nic_ends, nic_per_cage, copper_links, splitter } = s.shape;
            let bins = STOCK_LENGTHS_M.iter().enumerate().map(|(i, &l)| (l, s.links[i], s.copper[i]));
            let beyond = s.beyond.iter().map(|&(bits, n, c)| (f64::from_bits(bits), n, c));
            for (stock_m, links, cables) in bins.chain(beyond) {
                if links == 0 {
                    continue;
                }
                let length_bits = stock_m.to_bits();
                match Media::for_link(stock_m, gbps) {
                    m @ (Media::PassiveCopper | Media::ActiveCopper) => {
                        let active = m == Media::ActiveCopper;
                        counts
                            .add(PartKey::Copper { active, gbps, links: copper_links, splitter, length_bits }, cables);
                    }
                    m @ (Media::Multimode | Media::SingleMode) => {
                        let optic = optic_for(m, gbps, stock_m);
                        if nic_ends > 0 {
                            nic.add(
                                PartKey::Module { optic, gbps, links: nic_per_cage, server: nic_per_cage > 1 },
                                links * u64::from(nic_ends),
                            );
                        }
                        counts.add(PartKey::Fibre { optic, gbps, length_bits }, links * fibres_per_link(optic, gbps));
                    }
                    Media::BeyondReach => {}
                }
            }
        }
        for &(key, links) in &nic.entries {
            if let PartKey::Module { links: per, .. } = key {
                counts.add(key, links.div_ceil(u64::from(per.max(1))));
            }
        }
        // Every rack's links by module kind (the racks' own tables, plus links that came at another speed),
        // then whole cages per switch of the rack.
        let mut odd: Vec<((u32, PartKey), u64)> = self.odd.entries.clone();
        let mut modules = |rack: u32, key: PartKey, links: u64| {
            let PartKey::Module { links: per, .. } = key else { return };
            let switches = self.racks.get(rack as usize).map_or(1, |r| r.switches.max(1));
            let switches = u64::from(switches).min(links);
            counts.add(key, switches * links.div_ceil(switches).div_ceil(u64::from(per.max(1))));
        };
        for (rack, r) in self.racks.iter().enumerate() {
            for (optic, &links) in [Optic::Sr, Optic::Dr, Optic::Fr].iter().zip(&r.links) {
                if links > 0 {
                    let key = PartKey::Module { optic: *optic, gbps: r.gbps, links: r.per_cage, server: false };
                    // Links of the same module that came in the odd table count together with these.
                    let more = match self.odd.index.get(&(rack as u32, key)) {
                        Some(&slot) => std::mem::take(&mut odd[slot].1),
                        None => 0,
                    };
                    modules(rack as u32, key, links + more);
                }
            }
        }
        for ((rack, key), links) in odd {
            if links > 0 {
                modules(rack, key, links);
            }
        }
        let mut keyed: Vec<(PartKey, u64)> = counts.entries.into_iter().filter(|(_, n)| *n > 0).collect();
        keyed.sort_unstable_by(|a, b| sort_key(&a.0).partial_cmp(&sort_key(&b.0)).unwrap_or(std::cmp::Ordering::Equal));
        let mut transceivers = 0;
        let parts = keyed
            .into_iter()
            .map(|(key, quantity)| {
                if matches!(key, PartKey::Module { .. }) {
                    transceivers += quantity;
                }
                describe(key, quantity)
            })
            .collect();
        (parts, transceivers)
    }
}

/// Ordering of the parts list: cables, then transceivers, then fibre; by speed, reach and length (every part
/// has its own place, so the list never depends on the order links were counted in).
fn sort_key(k: &PartKey) -> (u8, u32, u8, f64, u32, bool) {
    match *k {
        PartKey::Copper { active, gbps, links, length_bits, splitter } => {
            (0, gbps, u8::from(active), f64::from_bits(length_bits), links, splitter)
        }
        PartKey::Module { optic, gbps, links, server } => (1, gbps, optic as u8, 0.0, links, server),
        PartKey::Fibre { optic, gbps, length_bits } => (2, gbps, optic as u8, f64::from_bits(length_bits), 0, false),
    }
}

/// The optics that reach a stock length at a speed.
fn optic_for(media: Media, gbps: u32, stock_m: f64) -> Optic {
    if media == Media::Multimode && gbps <= 400 {
        Optic::Sr
    } else if stock_m <= Optic::Dr.reach_m() + 1e-9 {
        Optic::Dr
    } else {
        Optic::Fr
    }
}

/// Fibres one link needs: one MPO per link (SR, DR); one LC duplex pair per 400G for FR.
fn fibres_per_link(optic: Optic, gbps: u32) -> u64 {
    match optic {
        Optic::Sr | Optic::Dr => 1,
        Optic::Fr => u64::from(gbps.div_ceil(400).max(1)),
    }
}

fn lanes(optic: Optic, gbps: u32) -> &'static str {
    match (optic, gbps > 400) {
        (Optic::Sr, _) => "SR4",
        (Optic::Dr, false) => "DR4",
        (Optic::Dr, true) => "DR8",
        (Optic::Fr, false) => "FR4",
        (Optic::Fr, true) => "2×FR4",
    }
}

fn describe(key: PartKey, quantity: u64) -> PartCount {
    let xdr = |gbps: u32| gbps > 400;
    match key {
        PartKey::Copper { active, gbps, links, splitter, length_bits } => {
            let length_m = f64::from_bits(length_bits);
            let (medium, short) = if active { ("Linear active copper", "acc") } else { ("Passive copper DAC", "dac") };
            let cage = gbps * links;
            let (part, shape) = if splitter {
                (format!("{short}-{cage}g-{links}x{gbps}g"), format!("{cage}G OSFP to {links} × {gbps}G OSFP splitter"))
            } else if links > 1 {
                (format!("{short}-{cage}g-twin"), format!("{cage}G OSFP to {cage}G OSFP ({links} × {gbps}G)"))
            } else {
                (format!("{short}-{gbps}g"), format!("{gbps}G OSFP to {gbps}G OSFP"))
            };
            PartCount {
                part,
                category: "cable",
                description: format!("{medium}, {shape}"),
                length_m: Some(length_m),
                quantity,
                part_number: "",
                source: SRC_COPPER,
                assumption: xdr(gbps),
                unit_price_usd: priced(key, Some(length_m)),
                price_source: PRICE_SRC_COPPER,
            }
        }
        PartKey::Module { optic, gbps, links, server } => {
            let kind = match optic {
                Optic::Sr => "sr",
                Optic::Dr => "dr",
                Optic::Fr => "fr",
            };
            let total = gbps * links;
            let shape = if links > 1 { format!("twin-port {links} × {gbps}G") } else { format!("{gbps}G") };
            let (suffix, top) = if server { ("-flat", ", flat-top for a server's cage") } else { ("", "") };
            PartCount {
                part: format!("osfp-{total}g-{links}x{gbps}g-{kind}{suffix}"),
                category: "transceiver",
                description: format!(
                    "OSFP {total}G transceiver, {shape} {} ({} m){top}",
                    lanes(optic, gbps),
                    optic.reach_m()
                ),
                length_m: None,
                quantity,
                part_number: module_opn(optic, gbps, links, server),
                source: source_of(optic, gbps),
                assumption: xdr(gbps),
                unit_price_usd: priced(key, None),
                price_source: PRICE_SRC_OPTICS,
            }
        }
        PartKey::Fibre { optic, gbps, length_bits } => {
            let (part, description) = match (optic, xdr(gbps)) {
                (Optic::Sr, _) => ("mpo12-om4", "MPO-12 multimode OM4 fibre"),
                (Optic::Dr, false) => ("mpo12-apc-os2", "MPO-12 APC single-mode fibre"),
                (Optic::Dr, true) => ("mpo16-apc-os2", "MPO-16 APC single-mode fibre (DR8)"),
                (Optic::Fr, _) => ("lc-duplex-os2", "LC duplex single-mode fibre"),
            };
            PartCount {
                part: part.to_owned(),
                category: "fibre",
                description: description.to_owned(),
                length_m: Some(f64::from_bits(length_bits)),
                quantity,
                part_number: match (optic, xdr(gbps)) {
                    (Optic::Sr, false) => "MFP7E10",
                    (Optic::Dr, false) => "MFP7E30",
                    _ => "",
                },
                source: source_of(optic, gbps),
                assumption: xdr(gbps),
                unit_price_usd: priced(key, Some(f64::from_bits(length_bits))),
                price_source: PRICE_SRC_FIBRE,
            }
        }
    }
}

/// NVIDIA's OPN of a 400G-generation LinkX transceiver (reference §4, §13): 2×SR4 twin-port MMA4Z00-NS and
/// single-port MMA4Z00-NS400; DR4 single-port MMS4X00-NS400 (100 m, the NIC end); 2×FR4 MMS4X50-NM. A twin-port
/// DR4 at a switch is MMS4X00-NS to 100 m (and facing a NIC) but MMS4X00-NM switch-to-switch to 500 m: one
/// reach class here covers both, so it gets none; nor do a server's flat-top twin-port module and the 800G (XDR)
/// parts, which the reference does not name.
fn module_opn(optic: Optic, gbps: u32, links: u32, server: bool) -> &'static str {
    if gbps != 400 || server && links > 1 {
        return "";
    }
    match (optic, links > 1) {
        (Optic::Sr, true) => "MMA4Z00-NS",
        (Optic::Sr, false) => "MMA4Z00-NS400",
        (Optic::Dr, true) => "",
        (Optic::Dr, false) => "MMS4X00-NS400",
        (Optic::Fr, true) => "MMS4X50-NM",
        (Optic::Fr, false) => "",
    }
}

/// A part's list price at its stock length.
fn priced(key: PartKey, length_m: Option<f64>) -> f64 {
    let (usd, per_m) = list_price(key);
    usd + per_m * length_m.unwrap_or(0.0)
}

fn source_of(optic: Optic, gbps: u32) -> &'static str {
    if gbps > 400 {
        return SRC_XDR;
    }
    match optic {
        Optic::Sr => SRC_SR,
        Optic::Dr => SRC_DR,
        Optic::Fr => SRC_FR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NIC: End = End::Nic { per_cage: 1 };

    fn add(t: &mut PartTally, kind: LinkKind, media: Media, stock_m: f64, n: u64) {
        t.add(kind, media, STOCK_LENGTHS_M.iter().position(|&l| l == stock_m), stock_m, n, 1);
    }

    fn sw(rack: u32) -> End {
        End::Switch { rack, per_cage: 2, switches: 1 }
    }

    fn link(gbps: u32, a: End, b: End) -> LinkKind {
        LinkKind { gbps, a, b, pairs: 1 }
    }

    fn qty(parts: &[PartCount], id: &str, length_m: Option<f64>) -> u64 {
        parts.iter().filter(|p| p.part == id && p.length_m == length_m).map(|p| p.quantity).sum()
    }

    #[test]
    fn ndr_copper_splitters_and_twin_cables() {
        // 5 NIC links of 3 m DAC to one QM9700 rack: splitters carry 2 → 3 cables; 4 switch–switch links of
        // 5 m ACC: twin cables carry 2 → 2. No transceivers.
        let mut t = PartTally::default();
        add(&mut t, link(400, NIC, sw(10)), Media::PassiveCopper, 3.0, 5);
        add(&mut t, link(400, sw(10), sw(20)), Media::ActiveCopper, 5.0, 4);
        let (parts, transceivers) = t.finish();
        assert_eq!(qty(&parts, "dac-800g-2x400g", Some(3.0)), 3);
        assert_eq!(qty(&parts, "acc-800g-twin", Some(5.0)), 2);
        assert_eq!(transceivers, 0);
        // Links spread over 5 leaf switches (one per rail) cannot share splitters: 5 cables.
        let mut t = PartTally::default();
        add(&mut t, LinkKind { gbps: 400, a: NIC, b: sw(10), pairs: 5 }, Media::PassiveCopper, 3.0, 5);
        assert_eq!(qty(&t.finish().0, "dac-800g-2x400g", Some(3.0)), 5);
    }

    #[test]
    fn ndr_optics_per_end_and_fibre_per_link() {
        // 7 NIC links of 30 m to switch rack 10 and 6 of 30 m to rack 11: SR; NIC modules 13; switch twin
        // modules per rack ceil(7/2) + ceil(6/2) = 4 + 3 = 7; 13 MPO-12 OM4 fibres of 30 m.
        let mut t = PartTally::default();
        add(&mut t, link(400, NIC, sw(10)), Media::Multimode, 30.0, 7);
        add(&mut t, link(400, NIC, sw(11)), Media::Multimode, 30.0, 6);
        // 10 leaf–spine links of 150 m: DR at both ends (5 + 5 twin modules), 10 MPO-12 APC.
        add(&mut t, link(400, sw(10), sw(30)), Media::SingleMode, 150.0, 10);
        // 2 links of 1,000 m: FR, twin modules 1 + 1, LC duplex 2.
        add(&mut t, link(400, sw(11), sw(31)), Media::SingleMode, 1_000.0, 2);
        let (parts, transceivers) = t.finish();
        assert_eq!(qty(&parts, "osfp-400g-1x400g-sr", None), 13);
        assert_eq!(qty(&parts, "osfp-800g-2x400g-sr", None), 7);
        assert_eq!(qty(&parts, "mpo12-om4", Some(30.0)), 13);
        assert_eq!(qty(&parts, "osfp-800g-2x400g-dr", None), 10);
        assert_eq!(qty(&parts, "mpo12-apc-os2", Some(150.0)), 10);
        assert_eq!(qty(&parts, "osfp-800g-2x400g-fr", None), 2);
        assert_eq!(qty(&parts, "lc-duplex-os2", Some(1_000.0)), 2);
        assert_eq!(transceivers, 13 + 7 + 10 + 2);
    }

    #[test]
    fn modules_round_up_per_switch() {
        // A part-filled SU: 31 nodes on each of 8 leaf switches in one rack, 30 m: 248 links, but a cage
        // belongs to one switch: 8 × ceil(31 / 2) = 128 twin modules, not ceil(248 / 2) = 124.
        let mut t = PartTally::default();
        let leaf = End::Switch { rack: 0, per_cage: 2, switches: 8 };
        add(&mut t, LinkKind { gbps: 400, a: NIC, b: leaf, pairs: 8 }, Media::Multimode, 30.0, 248);
        assert_eq!(qty(&t.finish().0, "osfp-800g-2x400g-sr", None), 128);
    }

    #[test]
    fn xdr_never_uses_multimode() {
        // 800G CX-8 to a Q3400 (twin-port 2 × 800G cages), 20 m: single-mode DR8, MPO-16.
        let mut t = PartTally::default();
        add(&mut t, link(800, NIC, sw(5)), Media::Multimode, 20.0, 4);
        let (parts, transceivers) = t.finish();
        assert_eq!(qty(&parts, "osfp-800g-1x800g-dr", None), 4);
        assert_eq!(qty(&parts, "osfp-1600g-2x800g-dr", None), 2);
        assert_eq!(qty(&parts, "mpo16-apc-os2", Some(20.0)), 4);
        assert_eq!(transceivers, 6);
        assert!(parts.iter().all(|p| p.assumption));
    }
}
