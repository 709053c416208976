//! Two designs side by side: every figure of their reports with the difference B − A and its percentage, as
//! a curated table (text, CSV, the designer's Compare panel) and as JSON deltas under the reports' own key paths.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Map, Value};

use super::Report;

/// One compared figure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figure {
    /// What it is, e.g. `"GPUs"`, `"  H100 SXM5 80GB"`.
    pub label: String,
    /// Unit of `a`, `b` and `delta`, e.g. `"TB"`, `"USD"` (empty for counts).
    pub unit: &'static str,
    /// Design A's value.
    pub a: f64,
    /// Design B's value.
    pub b: f64,
    /// B − A.
    pub delta: f64,
    /// (B − A) / A in percent; None when A is 0.
    pub percent: Option<f64>,
    /// Which way is better for this figure.
    #[serde(skip)]
    pub better: Better,
}

/// Which way a figure is better: more GPUs is good, more capital cost is bad; a count of PDUs is neither.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Better {
    /// More is better (GPUs, compute, memory, compute per MW).
    More,
    /// Less is better (power, cooling, cable length, weight, cost).
    Less,
    /// Neither: a consequence, not a goal (equipment counts, a model's share, the liquid share).
    #[default]
    Neither,
}

/// How a change of a figure reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The change is for the better.
    Better,
    /// The change is for the worse.
    Worse,
    /// No change, or neither better nor worse.
    Neutral,
}

impl Better {
    /// How a change of `delta` reads (changes within `tolerance` are none).
    pub fn verdict(self, delta: f64, tolerance: f64) -> Verdict {
        if !delta.is_finite() || delta.abs() <= tolerance {
            return Verdict::Neutral;
        }
        match (self, delta > 0.0) {
            (Better::More, true) | (Better::Less, false) => Verdict::Better,
            (Better::More, false) | (Better::Less, true) => Verdict::Worse,
            (Better::Neither, _) => Verdict::Neutral,
        }
    }
}

/// The build's time to full capacity, A against B (days from the start until every GPU is online; fewer is better).
pub fn time_figure(a_days: u32, b_days: u32) -> Figure {
    Figure::new("Time to full capacity", "days", f64::from(a_days), f64::from(b_days), Better::Less)
}

impl Figure {
    fn new(label: impl Into<String>, unit: &'static str, a: f64, b: f64, better: Better) -> Self {
        let delta = b - a;
        let percent = (a != 0.0).then(|| delta / a * 100.0);
        Self { label: label.into(), unit, a, b, delta, percent, better }
    }

    /// How B's value reads against A's.
    pub fn verdict(&self) -> Verdict {
        self.better.verdict(self.delta, 1e-9)
    }
}

/// The table: GPUs (by model), compute, memory, NVLink, power, cooling, floor, equipment, cables, cost.
pub fn figures(a: &Report, b: &Report) -> Vec<Figure> {
    use Better::{Less, More, Neither};
    let mut t = Table { a, b, out: Vec::new() };
    t.row("GPUs", "", More, |r| r.gpus.total as f64);
    t.keyed(|r| r.gpus.by_model.iter().map(|(m, n)| (m.clone(), *n as f64)).collect());
    t.row("Compute BF16 (dense)", "PFLOPS", More, |r| r.compute.bf16_pflops);
    t.row("Compute FP8 (dense)", "PFLOPS", More, |r| r.compute.fp8_pflops);
    t.row("HBM", "TB", More, |r| r.memory.hbm_tb);
    t.row("HBM bandwidth", "TB/s", More, |r| r.memory.bandwidth_tbps);
    t.row("NVLink domains", "", Neither, |r| r.compute.nvlink_domains.count as f64);
    t.row("Largest NVLink domain", "GPUs", More, |r| f64::from(r.compute.nvlink_domains.largest_gpus));
    t.row("IT power (typical)", "MW", Less, |r| r.power.it_kw / 1000.0);
    t.row("Facility power (design)", "MW", Less, |r| r.site.facility_design_kw / 1000.0);
    t.row("Facility power (typical)", "MW", Less, |r| r.site.facility_typical_kw / 1000.0);
    t.row("PUE (design)", "ratio", Less, |r| r.site.pue_design);
    t.row("Firm grid", "MW", Neither, |r| r.site.grid_kw / 1000.0);
    t.row("Grid headroom (design)", "MW", More, |r| if r.site.modelled { r.site.headroom_kw / 1000.0 } else { 0.0 });
    t.row("Water a day", "L", Less, |r| r.site.water_l_per_day);
    t.row("Cooling (typical)", "tons", Less, |r| r.cooling.tons);
    // A share is compared in points: its percentage change would read as one more percentage.
    t.row("Liquid share of heat", "%", Neither, |r| {
        if r.cooling.total_kw > 0.0 { r.cooling.liquid_kw / r.cooling.total_kw * 100.0 } else { 0.0 }
    });
    t.row("Hall floor area", "m²", Less, |r| r.floor.hall_area_m2);
    t.row("Weight", "t", Less, |r| r.floor.total_weight_t);
    t.row("PDUs", "", Neither, |r| r.power.pdus.len() as f64);
    t.row("Cooling units", "", Neither, |r| r.cooling.units.len() as f64);
    t.row("Leaf switches", "", Neither, |r| r.network.leaf_switches as f64);
    t.row("Spine switches", "", Neither, |r| r.network.spine_switches as f64);
    t.row("Core switches", "", Neither, |r| r.network.core_switches as f64);
    t.row("Cables", "", Neither, |r| r.cables.count as f64);
    t.row("Cable length", "km", Less, |r| r.cables.total_length_m / 1000.0);
    t.keyed(|r| r.cables.by_media.iter().map(|(m, c)| (m.replace('_', " "), c.count as f64)).collect());
    t.row("Transceivers", "", Neither, |r| r.cables.transceivers as f64);
    t.row("Capital cost", "USD", Less, |r| r.cost.capex_usd);
    t.row("  IT", "USD", Less, |r| r.cost.capex_it_usd);
    t.row("  facility (plant, building)", "USD", Less, |r| r.cost.capex_facility_usd);
    t.row("Energy a year", "USD", Less, |r| r.cost.opex_usd_per_year);
    t.row("Cost per GPU", "USD", Less, |r| r.cost.usd_per_gpu);
    t.row("BF16 PFLOPS per facility MW", "", More, |r| r.compute.bf16_pflops_per_mw);
    t.out
}

/// The comparison table being built.
struct Table<'a> {
    a: &'a Report,
    b: &'a Report,
    out: Vec<Figure>,
}

impl Table<'_> {
    /// One figure, read from both reports.
    fn row(&mut self, label: &str, unit: &'static str, better: Better, f: impl Fn(&Report) -> f64) {
        let mut figure = Figure::new(label, unit, f(self.a), f(self.b), better);
        if unit == "%" {
            figure.percent = None;
        }
        self.out.push(figure);
    }

    /// Indented counts by key (GPUs by model, cables by medium): one row per key either report has, 0 where a
    /// report lacks it.
    fn keyed(&mut self, f: impl Fn(&Report) -> BTreeMap<String, f64>) {
        let (a, b) = (f(self.a), f(self.b));
        let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        for k in keys {
            let n = |m: &BTreeMap<String, f64>| m.get(k).copied().unwrap_or(0.0);
            self.out.push(Figure::new(format!("  {k}"), "", n(&a), n(&b), Better::Neither));
        }
    }
}

/// Keys whose numbers are not amounts to subtract: ids, and per-GPU constants of a model.
const NOT_AMOUNTS: [&str; 4] = ["max_item", "longest_link", "hbm_gb_per_gpu", "bandwidth_tbps_per_gpu"];

/// B − A for every number the two JSON reports share a key path for: objects key by key (a key only one side
/// has counts as 0 there, so models and media present in one design still show); lists, absent values (null),
/// ids and per-GPU constants left out.
pub fn delta_json(a: &Value, b: &Value) -> Option<Value> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let d = y.as_f64().unwrap_or(0.0) - x.as_f64().unwrap_or(0.0);
            let whole = x.is_i64() || x.is_u64();
            let whole = whole && (y.is_i64() || y.is_u64());
            Some(if whole && d.abs() < 9.0e15 {
                Value::from(d as i64)
            } else {
                serde_json::Number::from_f64(d).map_or(Value::Null, Value::Number)
            })
        }
        (Value::Object(x), Value::Object(y)) => {
            let mut out = Map::new();
            for key in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                if NOT_AMOUNTS.contains(&key.as_str()) {
                    continue;
                }
                let zero = |v: &Value| zeroed(v);
                let d = match (x.get(key), y.get(key)) {
                    (Some(p), Some(q)) => delta_json(p, q),
                    (Some(p), None) => delta_json(p, &zero(p)),
                    (None, Some(q)) => delta_json(&zero(q), q),
                    (None, None) => None,
                };
                if let Some(d) = d {
                    out.insert(key.clone(), d);
                }
            }
            (!out.is_empty()).then_some(Value::Object(out))
        }
        _ => None,
    }
}

/// The same shape with every number 0.
fn zeroed(v: &Value) -> Value {
    match v {
        Value::Number(n) if n.is_f64() => Value::from(0.0),
        Value::Number(_) => Value::from(0),
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), zeroed(v))).collect()),
        other => other.clone(),
    }
}
