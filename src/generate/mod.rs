//! Presets and the hall generator: a complete hall — racks in rows and arrays with aisles, A/B PDUs, cooling
//! and a wired fat-tree fabric — from a handful of parameters.

mod expand;
mod fill;
mod hall;
pub mod phasing;
pub mod site;
pub mod what_if;

pub use expand::{Expanded, expand};
pub use fill::{Filled, assign_scalable_units, fill_required_switches};
pub use hall::generate;
pub use phasing::Phasing;
pub use site::{SitePlan, Supply};

use thiserror::Error;

use crate::model::{Layout, TypeId};

/// Most GPUs the generator builds (twice the 1M-GPU hall the benches use).
pub const MAX_GPUS: u64 = crate::model::limits::MAX_GENERATED_GPUS;

/// Why a hall could not be generated.
#[derive(Debug, Error, PartialEq)]
pub enum GenerateError {
    /// No preset by that name.
    #[error("unknown preset \"{0}\"; `clusterplan presets` lists them")]
    UnknownPreset(String),
    /// A parameter is out of range.
    #[error("{param}: {problem}")]
    BadParameter {
        /// The parameter.
        param: &'static str,
        /// What is wrong and what to do.
        problem: String,
    },
    /// A type is missing from the catalog or of the wrong kind.
    #[error("type \"{0}\": {1}")]
    BadType(TypeId, String),
}

/// Everything the generator needs.
#[derive(Clone, Debug, PartialEq)]
pub struct HallParams {
    /// Design name.
    pub name: String,
    /// GPUs to place; a multiple of the rack type's GPUs per server.
    pub gpus: u64,
    /// GPU rack type.
    pub rack_type: TypeId,
    /// Servers (fabric nodes) per scalable unit; a multiple of the rack's servers. One SU is one array.
    pub su_servers: u32,
    /// Arrays side by side in one row; 0 picks a count that makes the hall roughly square.
    pub arrays_per_row: u32,
    /// Cold-aisle width in tiles.
    pub cold_aisle_tiles: u32,
    /// Hot-aisle width in tiles.
    pub hot_aisle_tiles: u32,
    /// Cross-aisle width between arrays in tiles.
    pub cross_aisle_tiles: u32,
    /// Floor PDU type (each rack gets an A and a B feed).
    pub pdu_type: TypeId,
    /// Compute-fabric switch type.
    pub switch_type: TypeId,
    /// Management switch type placed in each array (none when `None`).
    pub management_switch: Option<TypeId>,
    /// CDU type for racks with liquid heat: mounted types go one per rack, floor types in the array.
    pub cdu_type: Option<TypeId>,
    /// CRAH type for the air heat.
    pub crah_type: TypeId,
    /// Storage / CPU racks (each with a rear door when `rear_door_type` is set).
    pub storage_racks: u32,
    /// Rear-door heat exchanger for storage racks.
    pub rear_door_type: Option<TypeId>,
    /// Power usage effectiveness of the hall.
    pub pue: f64,
    /// More GPU rack types, each in scalable units and arrays of its own after the first type's (a mixed hall).
    pub add: Vec<GpuAddition>,
    /// The fabric decided outside (by `expand`, for a hall this one joins): SU numbers, leaf and spine/core
    /// fills. `None`: the generator sizes the hall's own fabric.
    pub fabric_plan: Option<FabricPlan>,
    /// The site upstream of the PDUs; `None` builds the floor alone (its facility then the PUE estimate).
    pub site: Option<SitePlan>,
    /// How the hall is brought online over time.
    pub phasing: Phasing,
    /// GPU racks installed a day, the pace phases are dated at (the hall setting of the same name).
    pub install_racks_per_day: f64,
}

/// Switch fills decided for the generator by a larger plan (see [`expand`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FabricPlan {
    /// Number of the generated hall's first SU.
    pub first_su: u32,
    /// Leaf racks' fills of each generated SU, by SU number.
    pub leaves: std::collections::BTreeMap<u32, Vec<crate::model::SwitchFill>>,
    /// Spine and core racks' fills to place in the generated network rows.
    pub network: Vec<crate::model::SwitchFill>,
}

/// GPUs of another rack type in a mixed hall.
#[derive(Clone, Debug, PartialEq)]
pub struct GpuAddition {
    /// GPU rack type.
    pub rack_type: TypeId,
    /// GPUs of it; a multiple of its GPUs per server.
    pub gpus: u64,
}

impl GpuAddition {
    /// Parses `TYPE:GPUS`, e.g. `rack-colossus-h200-64:50000`.
    pub fn parse(text: &str) -> Result<Self, GenerateError> {
        let bad = |problem: String| GenerateError::BadParameter { param: "add", problem };
        let (ty, gpus) = text
            .rsplit_once(':')
            .ok_or_else(|| bad(format!("\"{text}\": write TYPE:GPUS, e.g. rack-colossus-h200-64:50000")))?;
        let gpus = gpus
            .trim()
            .replace([',', '_'], "")
            .parse::<u64>()
            .map_err(|_| bad(format!("\"{gpus}\" is not a number of GPUs (in \"{text}\")")))?;
        Ok(Self { rack_type: ty.trim().into(), gpus })
    }
}

/// A named preset.
#[derive(Clone, Copy, Debug)]
pub struct Preset {
    /// Name used on the command line.
    pub name: &'static str,
    /// What it builds.
    pub description: &'static str,
    /// GPUs per scalable unit (what `--su N` multiplies).
    pub gpus_per_su: u64,
    /// GPUs built when neither `--gpus` nor `--su` is given.
    pub default_gpus: u64,
}

/// The presets.
pub const PRESETS: [Preset; 4] = [
    Preset {
        name: "colossus",
        description: "xAI Colossus style: 64-GPU liquid-cooled H100 racks with in-rack CDUs, 8-rack arrays (512 GPUs), \
                      SN5600 Ethernet fat tree, A/B 500 kVA floor PDUs, storage racks with rear doors",
        gpus_per_su: 512,
        default_gpus: 100_000,
    },
    Preset {
        name: "superpod-h100",
        description: "NVIDIA DGX H100 SuperPOD: 4 DGX H100 per rack, 32 nodes (8 racks) per scalable unit, \
                      QM9700 InfiniBand, air-cooled with CRAHs",
        gpus_per_su: 256,
        default_gpus: 1_024,
    },
    Preset {
        name: "nvl72",
        description: "GB200 NVL72: 8 racks (576 GPUs) per scalable unit, in-row 1.5 MW CDUs, QM9700 InfiniBand",
        gpus_per_su: 576,
        default_gpus: 4_608,
    },
    Preset {
        name: "demo",
        description: "A small complete hall: four Colossus-style arrays (2,048 GPUs) with every kind of item — \
                      GPU, network and storage racks, PDUs, in-rack CDUs, CRAHs, rear doors; the designer's start-up hall",
        gpus_per_su: 512,
        default_gpus: 2_048,
    },
];

/// Looks up a preset.
pub fn preset(name: &str) -> Result<&'static Preset, GenerateError> {
    PRESETS.iter().find(|p| p.name == name).ok_or_else(|| GenerateError::UnknownPreset(name.to_owned()))
}

/// Parameters of a preset for `gpus` GPUs (or `su` scalable units; `gpus` wins when both are given).
pub fn preset_params(name: &str, gpus: Option<u64>, su: Option<u32>) -> Result<HallParams, GenerateError> {
    let p = preset(name)?;
    if su == Some(0) {
        return Err(GenerateError::BadParameter { param: "su", problem: "give at least 1 scalable unit".into() });
    }
    let gpus = gpus.or(su.map(|s| u64::from(s) * p.gpus_per_su)).unwrap_or(p.default_gpus);
    let base = HallParams {
        name: String::new(),
        gpus,
        rack_type: "rack-colossus-64".into(),
        su_servers: 64,
        arrays_per_row: 0,
        cold_aisle_tiles: 2,
        hot_aisle_tiles: 2,
        cross_aisle_tiles: 2,
        pdu_type: "pdu-floor-500kva".into(),
        switch_type: "sw-sn5600".into(),
        management_switch: Some("sw-sn2201".into()),
        cdu_type: Some("cdu-inrack-250".into()),
        crah_type: "crah-cw-150".into(),
        storage_racks: 0,
        rear_door_type: Some("rdhx-40".into()),
        pue: 1.2,
        add: Vec::new(),
        fabric_plan: None,
        site: Some(SitePlan {
            topology: crate::model::UpsTopology::TwoN,
            group: 0,
            grid_mw: None,
            supply: Supply::GridAndDiesel,
            liquid: "drycooler-1500kw",
            air: "chiller-wc-3500kw",
        }),
        phasing: Phasing::BySu(phasing::DEFAULT_PHASES),
        install_racks_per_day: crate::model::DEFAULT_INSTALL_RACKS_PER_DAY,
    };
    let params = match name {
        // Colossus: its published supply; distributed redundant 4N/3 UPS (its topology is not published: the
        // common hyperscale choice, an assumption); dry coolers on the liquid loop and water-cooled chillers for
        // the air (the "hybrid" cooling reported, thecoolingreport.com).
        "colossus" => HallParams {
            name: format!("Colossus-style hall, {} H100", crate::digits::count(gpus)),
            storage_racks: u32::try_from(gpus / 512 / 8).unwrap_or(u32::MAX).max(1),
            site: Some(SitePlan {
                topology: crate::model::UpsTopology::DistributedRedundant,
                group: 4,
                grid_mw: None,
                supply: Supply::Colossus,
                liquid: "drycooler-1500kw",
                air: "chiller-wc-3500kw",
            }),
            phasing: Phasing::Colossus,
            ..base
        },
        "superpod-h100" => HallParams {
            name: format!("DGX H100 SuperPOD, {} SU", gpus / 256),
            rack_type: "rack-dgx-h100-4".into(),
            su_servers: 32,
            pdu_type: "pdu-floor-300kva".into(),
            switch_type: "sw-qm9700".into(),
            cdu_type: None,
            storage_racks: 2,
            pue: 1.4,
            // 2N UPS and chillers (an air-cooled SuperPOD's chilled-water CRAHs).
            ..base
        },
        "nvl72" => HallParams {
            name: format!("GB200 NVL72 hall, {} GPUs", crate::digits::count(gpus)),
            rack_type: "rack-gb200-nvl72".into(),
            su_servers: 144,
            switch_type: "sw-qm9700".into(),
            cdu_type: Some("cdu-inrow-1500".into()),
            storage_racks: 2,
            pue: 1.2,
            // Distributed redundant 3+1 (4N/3), as Schneider's GB300 reference design RD111 (domain §9e).
            site: Some(SitePlan {
                topology: crate::model::UpsTopology::DistributedRedundant,
                group: 4,
                grid_mw: None,
                supply: Supply::GridAndDiesel,
                liquid: "drycooler-1500kw",
                air: "chiller-wc-3500kw",
            }),
            ..base
        },
        "demo" => HallParams { name: "Demo hall".into(), arrays_per_row: 2, storage_racks: 2, ..base },
        other => return Err(GenerateError::UnknownPreset(other.to_owned())),
    };
    Ok(params)
}

/// Adds GPU rack types to a hall's parameters (a mixed hall), naming each in the design's name by its short
/// model ("… + 50,000 H200"); storage racks grow with the GPUs (a preset sizes them for its own).
pub fn with_additions(mut params: HallParams, add: Vec<GpuAddition>) -> HallParams {
    let added = add.iter().fold(0_u64, |n, a| n.saturating_add(a.gpus));
    if params.gpus > 0 && added > 0 {
        let scaled =
            u128::from(params.storage_racks) * u128::from(params.gpus.saturating_add(added)) / u128::from(params.gpus);
        params.storage_racks = u32::try_from(scaled).unwrap_or(u32::MAX);
    }
    for a in &add {
        let model = crate::io::builtin_catalog()
            .get(&a.rack_type)
            .and_then(|t| t.gpu.as_ref())
            .map_or_else(|| a.rack_type.0.clone(), |g| g.short_model().to_owned());
        params.name = format!("{} + {} {model}", params.name, crate::digits::count(a.gpus));
    }
    params.add.extend(add);
    params
}

/// A hall's GPUs in words by short model, the most first: "200,000 H100", "100,000 H100 + 50,000 H200" (empty
/// for a hall without GPUs).
pub fn gpu_summary(layout: &Layout) -> String {
    let mut by_model: Vec<(String, u64)> = Vec::new();
    for item in &layout.items {
        let Some(ty) = layout.type_of(item) else { continue };
        let Some(g) = &ty.gpu else { continue };
        let gpus = u64::from(item.servers_in(ty)) * u64::from(g.gpus_per_server);
        match by_model.iter_mut().find(|(m, _)| m == g.short_model()) {
            Some(entry) => entry.1 += gpus,
            None => by_model.push((g.short_model().to_owned(), gpus)),
        }
    }
    by_model.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    by_model.iter().map(|(m, n)| format!("{} {m}", crate::digits::count(*n))).collect::<Vec<_>>().join(" + ")
}

/// The name of `before` grown to `after`: a name that ends in its GPUs in words ("Colossus-style hall, 100,000
/// H100") says the new count ("…, 200,000 H100"); another keeps its words and adds what it grew to.
pub fn grown_name(before: &Layout, after: &Layout) -> String {
    let (was, now) = (gpu_summary(before), gpu_summary(after));
    if before.name.trim().is_empty() {
        return now;
    }
    match before.name.strip_suffix(&was) {
        Some(stem) if !was.is_empty() => format!("{stem}{now}"),
        _ => format!("{}, grown to {now}", before.name),
    }
}
