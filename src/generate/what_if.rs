//! What-if halls for presentation mode: a GPU count, a rack generation, a PUE and an array size become the
//! parameters of a complete generated hall; and the Colossus story's three halls (100k H100, doubled to 200k
//! H100, or grown by 50k H200).

use super::{GenerateError, GpuAddition, HallParams, preset_params, with_additions};
use crate::io::builtin_catalog;
use crate::model::{Layout, TypeId};

/// The GPU rack generations a what-if can build with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RackChoice {
    /// Colossus-style liquid-cooled rack, 8 × HGX H100.
    H100,
    /// The same rack with HGX H200.
    H200,
    /// DGX B200, 4 per rack, in a SuperPOD-style hall.
    B200,
    /// GB200 NVL72.
    Gb200Nvl72,
    /// GB300 NVL72.
    Gb300Nvl72,
}

impl RackChoice {
    /// Every choice, in the order offered.
    pub const ALL: [RackChoice; 5] =
        [RackChoice::H100, RackChoice::H200, RackChoice::B200, RackChoice::Gb200Nvl72, RackChoice::Gb300Nvl72];

    /// Short name.
    pub fn label(self) -> &'static str {
        match self {
            RackChoice::H100 => "H100",
            RackChoice::H200 => "H200",
            RackChoice::B200 => "B200",
            RackChoice::Gb200Nvl72 => "GB200 NVL72",
            RackChoice::Gb300Nvl72 => "GB300 NVL72",
        }
    }

    /// The generator preset whose hall design it uses, and its catalog rack type.
    fn preset_and_rack(self) -> (&'static str, &'static str) {
        match self {
            RackChoice::H100 => ("colossus", "rack-colossus-64"),
            RackChoice::H200 => ("colossus", "rack-colossus-h200-64"),
            RackChoice::B200 => ("superpod-h100", "rack-dgx-b200-4"),
            RackChoice::Gb200Nvl72 => ("nvl72", "rack-gb200-nvl72"),
            RackChoice::Gb300Nvl72 => ("nvl72", "rack-gb300-nvl72"),
        }
    }

    /// (servers, GPUs) per rack, from the built-in catalog.
    pub fn rack_size(self) -> (u32, u64) {
        let id = TypeId::from(self.preset_and_rack().1);
        builtin_catalog()
            .get(&id)
            .and_then(|t| t.gpu.as_ref())
            .map_or((1, 8), |g| (g.servers, u64::from(g.servers) * u64::from(g.gpus_per_server)))
    }
}

/// A what-if hall's inputs.
#[derive(Clone, Debug, PartialEq)]
pub struct WhatIf {
    /// GPUs of the rack generation wanted (built with [`WhatIf::built_gpus`]: whole servers, whole racks for an
    /// NVL72, at least one array).
    pub gpus: u64,
    /// The rack generation.
    pub rack: RackChoice,
    /// Power usage effectiveness (facility ÷ IT), used when the hall does not model its site.
    pub pue: f64,
    /// The hall models its site (the preset's): its PUE is then computed from the chain and plant, not `pue`.
    pub site: bool,
    /// GPU racks per array (scalable unit).
    pub racks_per_array: u32,
    /// The hall's other GPU generations, kept as they are (a mixed hall read by [`WhatIf::of_layout`]).
    pub others: Vec<GpuAddition>,
}

/// How a what-if hall's name begins (Keep B drops it: the hall is no longer a what-if).
pub const WHAT_IF_NAME_PREFIX: &str = "What if: ";

/// Bounds the presentation's sliders keep to.
pub const WHAT_IF_GPUS: std::ops::RangeInclusive<u64> = 1_024..=super::MAX_GPUS;
/// PUE range.
pub const WHAT_IF_PUE: std::ops::RangeInclusive<f64> = 1.05..=2.0;
/// Racks per array range.
pub const WHAT_IF_RACKS_PER_ARRAY: std::ops::RangeInclusive<u32> = 2..=32;

impl Default for WhatIf {
    fn default() -> Self {
        Self { gpus: 100_000, rack: RackChoice::H100, pue: 1.2, site: true, racks_per_array: 8, others: Vec::new() }
    }
}

impl WhatIf {
    /// The GPUs of its rack generation the hall is built with: whole servers (whole racks for an NVL72, one
    /// NVLink domain sold as a unit), at least one array.
    pub fn built_gpus(&self) -> u64 {
        let (servers, per_rack) = self.rack.rack_size();
        let unit = match self.rack {
            RackChoice::Gb200Nvl72 | RackChoice::Gb300Nvl72 => per_rack,
            _ => (per_rack / u64::from(servers.max(1))).max(1),
        };
        let racks_per_array =
            self.racks_per_array.clamp(*WHAT_IF_RACKS_PER_ARRAY.start(), *WHAT_IF_RACKS_PER_ARRAY.end());
        (self.gpus / unit * unit).max(per_rack * u64::from(racks_per_array))
    }

    /// The hall parameters: the rack's preset with this rack type, array size, PUE and GPU count, and the other
    /// generations kept.
    pub fn params(&self) -> Result<HallParams, GenerateError> {
        let (preset, rack) = self.rack.preset_and_rack();
        let (servers, _) = self.rack.rack_size();
        let racks_per_array =
            self.racks_per_array.clamp(*WHAT_IF_RACKS_PER_ARRAY.start(), *WHAT_IF_RACKS_PER_ARRAY.end());
        let gpus = self.built_gpus();
        let mut p = preset_params(preset, Some(gpus), None)?;
        p.rack_type = rack.into();
        p.su_servers = servers * racks_per_array;
        p.pue = self.pue.clamp(*WHAT_IF_PUE.start(), *WHAT_IF_PUE.end());
        if !self.site {
            p.site = None;
        }
        let pue = if self.site { String::new() } else { format!(", PUE {:.2}", p.pue) };
        p.name = format!(
            "{WHAT_IF_NAME_PREFIX}{} {} in {racks_per_array}-rack arrays{pue}",
            crate::digits::count(gpus),
            self.rack.label(),
        );
        Ok(with_additions(p, self.others.clone()))
    }
}

impl WhatIf {
    /// Settings that describe `layout` as nearly as the sliders can: its GPU count, the rack generation holding
    /// most of its GPUs (H100 when none of the choices does) and their count, the other generations it holds,
    /// its PUE and its largest array's GPU rack count — so a presentation starts from the hall on screen and one
    /// slider changes one thing. (When the main generation is none of the choices, all its GPUs count as the
    /// choice's and other generations are not kept: a hall of the choice is the nearest the sliders reach.)
    pub fn of_layout(layout: &Layout) -> Self {
        let mut gpus_by_type: std::collections::BTreeMap<&TypeId, u64> = Default::default();
        let mut racks_by_su: std::collections::BTreeMap<u32, u32> = Default::default();
        for item in &layout.items {
            let Some(ty) = layout.type_of(item) else { continue };
            let Some(g) = &ty.gpu else { continue };
            let gpus = u64::from(item.servers_in(ty)) * u64::from(g.gpus_per_server);
            if gpus == 0 {
                continue;
            }
            *gpus_by_type.entry(&item.type_id).or_default() += gpus;
            if let Some(su) = item.su {
                *racks_by_su.entry(su).or_default() += 1;
            }
        }
        let total: u64 = gpus_by_type.values().sum();
        let d = Self::default();
        let main = gpus_by_type.iter().max_by_key(|(_, n)| **n).map(|(t, _)| *t);
        let rack = RackChoice::ALL
            .into_iter()
            .find(|r| main.is_some_and(|t| t.as_str() == r.preset_and_rack().1))
            .unwrap_or(d.rack);
        let racks_per_array = racks_by_su.values().copied().max().unwrap_or(d.racks_per_array);
        // The main generation's GPUs (all of them when it is none of the choices: they become the choice's), and
        // the other generations the generator can build, kept as they are.
        let builtin = builtin_catalog();
        let matched = main.is_some_and(|t| t.as_str() == rack.preset_and_rack().1);
        let main_gpus = if matched { main.map_or(0, |t| gpus_by_type[t]) } else { total };
        let others = if matched {
            gpus_by_type
                .iter()
                .filter(|(t, _)| Some(**t) != main && builtin.get(t).is_some_and(|ty| ty.gpu.is_some()))
                .map(|(t, n)| GpuAddition { rack_type: (*t).clone(), gpus: *n })
                .collect()
        } else {
            Vec::new()
        };
        Self {
            gpus: if main_gpus == 0 { d.gpus } else { main_gpus.clamp(*WHAT_IF_GPUS.start(), *WHAT_IF_GPUS.end()) },
            rack,
            pue: if layout.hall.settings.pue.is_finite() {
                layout.hall.settings.pue.clamp(*WHAT_IF_PUE.start(), *WHAT_IF_PUE.end())
            } else {
                d.pue
            },
            site: layout.site.is_some(),
            racks_per_array: racks_per_array.clamp(*WHAT_IF_RACKS_PER_ARRAY.start(), *WHAT_IF_RACKS_PER_ARRAY.end()),
            others,
        }
    }
}

/// The Colossus story's halls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ColossusStep {
    /// Colossus as first built: 100,000 H100.
    H100k,
    /// Doubled with more of the same: 200,000 H100.
    H200k,
    /// Grown with the next generation: 100,000 H100 + 50,000 H200.
    PlusH200,
}

impl ColossusStep {
    /// Every step, in story order.
    pub const ALL: [ColossusStep; 3] = [ColossusStep::H100k, ColossusStep::H200k, ColossusStep::PlusH200];

    /// Button label.
    pub fn label(self) -> &'static str {
        match self {
            ColossusStep::H100k => "Colossus: 100k H100",
            ColossusStep::H200k => "Double: 200k H100",
            ColossusStep::PlusH200 => "Grow: 100k H100 + 50k H200",
        }
    }

    /// The GPUs the step's hall holds, in words ("200,000 H100", "100,000 H100 + 50,000 H200").
    pub fn total_label(self) -> &'static str {
        match self {
            ColossusStep::H100k => "100,000 H100",
            ColossusStep::H200k => "200,000 H100",
            ColossusStep::PlusH200 => "100,000 H100 + 50,000 H200",
        }
    }

    /// What the step adds to the first hall, in words ("100,000 H100", "50,000 H200").
    pub fn added_label(self) -> &'static str {
        match self {
            ColossusStep::H100k => "nothing",
            ColossusStep::H200k => "100,000 H100",
            ColossusStep::PlusH200 => "50,000 H200",
        }
    }

    /// What the step adds to a hall that has the first step's GPUs (`None` for the first step): the racks to
    /// grow a hall by (`clusterplan expand --add`).
    pub fn additions(self) -> Option<Vec<GpuAddition>> {
        match self {
            ColossusStep::H100k => None,
            ColossusStep::H200k => Some(vec![GpuAddition { rack_type: "rack-colossus-64".into(), gpus: 100_000 }]),
            ColossusStep::PlusH200 => {
                Some(vec![GpuAddition { rack_type: "rack-colossus-h200-64".into(), gpus: 50_000 }])
            }
        }
    }

    /// The hall's parameters (the `colossus` preset, as `clusterplan generate` builds the sample layouts).
    pub fn params(self) -> Result<HallParams, GenerateError> {
        match self {
            ColossusStep::H100k => preset_params("colossus", Some(100_000), None),
            ColossusStep::H200k => preset_params("colossus", Some(200_000), None),
            ColossusStep::PlusH200 => Ok(with_additions(
                preset_params("colossus", Some(100_000), None)?,
                vec![GpuAddition { rack_type: "rack-colossus-h200-64".into(), gpus: 50_000 }],
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyse;
    use crate::generate::generate;

    #[test]
    fn every_rack_choice_builds_a_hall_of_its_rack() {
        // Whole servers of 8 GPUs; whole 72-GPU racks for an NVL72.
        for (rack, built) in RackChoice::ALL.into_iter().zip([5_000, 5_000, 5_000, 4_968, 4_968]) {
            let w = WhatIf { gpus: 5_000, rack, pue: 1.3, racks_per_array: 4, ..WhatIf::default() };
            assert_eq!(w.built_gpus(), built, "{rack:?}");
            let layout = generate(&w.params().unwrap_or_else(|e| panic!("{rack:?}: {e}")))
                .unwrap_or_else(|e| panic!("{rack:?}: {e}"));
            let r = analyse(&layout);
            assert_eq!(r.gpus.total, built, "{rack:?}");
            // With its site the PUE is the chain's, whatever the slider says.
            assert!(r.site.modelled && (r.power.pue - 1.3).abs() > 1e-3 && r.power.pue > 1.0, "{rack:?}");
            assert_eq!(r.error_count(), 0, "{rack:?}: {:?}", r.warnings);
            // Without, the slider's PUE is the hall's.
            let bare = generate(&WhatIf { site: false, ..w }.params().unwrap_or_else(|e| panic!("{e}")))
                .unwrap_or_else(|e| panic!("{rack:?}: {e}"));
            assert!((analyse(&bare).power.pue - 1.3).abs() < 1e-12, "{rack:?}");
        }
    }

    #[test]
    fn a_what_if_read_from_its_own_hall_builds_that_hall_again() {
        for rack in RackChoice::ALL {
            let w = WhatIf { gpus: 20_001, rack, pue: 1.35, racks_per_array: 6, ..WhatIf::default() };
            let layout = generate(&w.params().unwrap_or_else(|e| panic!("{rack:?}: {e}")))
                .unwrap_or_else(|e| panic!("{rack:?}: {e}"));
            let read = WhatIf::of_layout(&layout);
            assert_eq!(read, WhatIf { gpus: w.built_gpus(), ..w }, "{rack:?}");
        }
        // Part-filled racks count what they hold, as the report does; a mixed hall keeps its other generation,
        // so moving one slider (the PUE) rebuilds the same GPUs.
        for (name, main, others) in [
            ("colossus-100k.ron", 100_000, vec![]),
            ("colossus-100k-plus-50k-h200.ron", 100_000, vec![("rack-colossus-h200-64", 50_000)]),
        ] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts").join(name);
            let layout = crate::io::load_layout(&path).unwrap_or_else(|e| panic!("{e}"));
            let read = WhatIf::of_layout(&layout);
            assert_eq!(read.gpus, main, "{name}");
            let others: Vec<GpuAddition> =
                others.into_iter().map(|(t, gpus)| GpuAddition { rack_type: t.into(), gpus }).collect();
            assert_eq!(read.others, others, "{name}");
            let pue_moved = WhatIf { pue: 1.5, ..read };
            let rebuilt =
                generate(&pue_moved.params().unwrap_or_else(|e| panic!("{e}"))).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(analyse(&rebuilt).gpus.by_model, analyse(&layout).gpus.by_model, "{name}");
        }
        // A hall of no listed rack keeps the default generation; an empty one the default settings.
        let empty = Layout::empty("empty", 40.0, 30.0);
        assert_eq!(
            WhatIf::of_layout(&empty),
            WhatIf { pue: empty.hall.settings.pue, site: false, ..WhatIf::default() }
        );
    }

    #[test]
    fn the_story_halls_hold_what_they_say() {
        let wanted: Vec<u64> = ColossusStep::ALL
            .iter()
            .map(|s| {
                let p = s.params().unwrap_or_else(|e| panic!("{e}"));
                p.gpus + p.add.iter().map(|a| a.gpus).sum::<u64>()
            })
            .collect();
        assert_eq!(wanted, vec![100_000, 200_000, 150_000]);
        let plus = ColossusStep::PlusH200.params().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(plus.add[0].rack_type, TypeId::from("rack-colossus-h200-64"));
    }
}
