//! The build's timeline chart: GPUs online, and the facility's MW needed (design basis) against the MW available,
//! over days — a step at each phase, a shortfall shaded. [`Chart`] holds the geometry both the designer's Phases
//! tab and the exported SVG / PNG / PDF draw from, so the two show the same chart.

use std::fmt::Write as _;

use super::plan::esc;
use crate::analysis::phases::PhasesReport;
use crate::format::{count, group_float};
use crate::palette::{self, Rgba};

/// One phase on the chart: from its day to the next phase's (the last to the chart's end).
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// First day.
    pub from_day: f64,
    /// Day the next phase starts (the last: the chart's end).
    pub to_day: f64,
    /// Facility load at the design basis, MW.
    pub needed_mw: f64,
    /// Everything that can carry load at once (grid, generation, batteries), MW.
    pub available_mw: f64,
    /// Firm supply (grid and generation), MW.
    pub firm_mw: f64,
    /// GPUs online.
    pub gpus: f64,
}

/// The chart's scales and steps, in days, MW and GPUs; `x`, `y_mw` and `y_gpus` map them to 0..1 (y up).
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// The steps, by day.
    pub steps: Vec<Step>,
    /// The last day shown.
    pub days_max: f64,
    /// The top of the MW axis (a round number).
    pub mw_max: f64,
    /// The top of the GPU axis (a round number).
    pub gpus_max: f64,
}

/// A round number at or above `v` (1, 1.2, 1.6, 2, 2.4, 3, 4, 6 or 8 × a power of ten), whose quarters are round
/// too.
fn nice_ceiling(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    [1.0, 1.2, 1.6, 2.0, 2.4, 3.0, 4.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|c| *c >= v * 0.999_999)
        .unwrap_or(10.0 * p)
}

impl Chart {
    /// The chart of the phases' figures.
    pub fn of(r: &PhasesReport) -> Self {
        let last_day = r.phases.last().map_or(0.0, |p| f64::from(p.day));
        let first_day = r.phases.first().map_or(0.0, |p| f64::from(p.day));
        // Room after the last step: a tenth of the span, at least a day.
        let days_max = last_day + ((last_day - first_day.min(0.0)) * 0.1).max(1.0);
        let steps: Vec<Step> = r
            .phases
            .iter()
            .enumerate()
            .map(|(k, p)| Step {
                from_day: f64::from(p.day),
                to_day: r.phases.get(k + 1).map_or(days_max, |n| f64::from(n.day)),
                needed_mw: p.facility_design_kw / 1000.0,
                available_mw: p.supply_total_kw / 1000.0,
                firm_mw: p.supply_firm_kw / 1000.0,
                gpus: p.gpus_online as f64,
            })
            .collect();
        let mw_top = steps.iter().map(|s| s.needed_mw.max(s.available_mw)).fold(0.0, f64::max);
        let gpus_top = steps.iter().map(|s| s.gpus).fold(0.0, f64::max);
        Self { steps, days_max, mw_max: nice_ceiling(mw_top * 1.05), gpus_max: nice_ceiling(gpus_top * 1.05) }
    }

    /// A day across the chart, 0..1.
    pub fn x(&self, day: f64) -> f64 {
        (day / self.days_max).clamp(0.0, 1.0)
    }

    /// MW up the chart, 0..1.
    pub fn y_mw(&self, mw: f64) -> f64 {
        (mw / self.mw_max).clamp(0.0, 1.0)
    }

    /// GPUs up the chart, 0..1.
    pub fn y_gpus(&self, gpus: f64) -> f64 {
        (gpus / self.gpus_max).clamp(0.0, 1.0)
    }

    /// The phase standing at `x` (0..1 across the chart): the last one started by then (before the first: the
    /// first).
    pub fn phase_at(&self, x: f64) -> Option<usize> {
        let day = x * self.days_max;
        if self.steps.is_empty() {
            return None;
        }
        Some(self.steps.iter().rposition(|s| s.from_day <= day).unwrap_or(0))
    }

    /// MW axis ticks: 0, a quarter, … the top.
    pub fn mw_ticks(&self) -> [f64; 5] {
        [0.0, 0.25, 0.5, 0.75, 1.0].map(|f| f * self.mw_max)
    }

    /// True when phase `k` needs more than it has.
    pub fn short(&self, k: usize) -> bool {
        self.steps.get(k).is_some_and(|s| s.needed_mw > s.available_mw + 1e-9)
    }

    /// True when phase `k` needs more than its firm supply and its batteries carry the rest.
    pub fn on_batteries(&self, k: usize) -> bool {
        self.steps.get(k).is_some_and(|s| s.needed_mw > s.firm_mw + 1e-9) && !self.short(k)
    }
}

/// What the chart's lines are, for its legend (the designer's and the export's).
pub const LEGEND: [(&str, &str); 6] = [
    ("needed", "facility MW needed, design basis (peak IT through the chain)"),
    ("available", "MW available: grid, generation and batteries"),
    ("firm", "firm MW: grid and generation (batteries last only their MWh)"),
    ("GPUs", "GPUs online (right-hand scale)"),
    ("batteries", "needed above firm: the batteries carry it for as long as their MWh last"),
    ("short", "shortfall: needed above available"),
];

/// The colours of the chart's series, light or dark.
pub struct Colours {
    /// MW needed.
    pub needed: Rgba,
    /// MW available.
    pub available: Rgba,
    /// Firm MW.
    pub firm: Rgba,
    /// GPUs online (filled, see-through).
    pub gpus: Rgba,
    /// Load carried by batteries (filled, see-through).
    pub batteries: Rgba,
    /// A shortfall (filled, see-through).
    pub short: Rgba,
    /// Axes and text.
    pub ink: Rgba,
    /// Grid lines.
    pub grid: Rgba,
}

impl Colours {
    /// The chart's colours for a theme.
    pub fn of(dark: bool) -> Self {
        let see_through = |c: Rgba, a: u8| Rgba { a, ..c };
        Self {
            needed: palette::ink(dark),
            available: palette::OK,
            firm: palette::FEED_B,
            gpus: see_through(palette::FABRIC, 70),
            batteries: see_through(palette::WARNING, 170),
            short: see_through(palette::ERROR, 190),
            ink: palette::ink(dark),
            grid: palette::grid(dark),
        }
    }
}

fn fill(c: Rgba) -> String {
    format!("fill=\"{}\" fill-opacity=\"{:.2}\"", c.hex(), f64::from(c.a) / 255.0)
}

/// The timeline as a standalone SVG (white page), titled: what `export --sheet timeline` writes.
pub fn svg(r: &PhasesReport, title: &str) -> String {
    let chart = Chart::of(r);
    let c = Colours::of(false);
    let (w, h) = (900.0, 420.0);
    let (left, right, top, bottom) = (70.0, 80.0, 60.0, 110.0);
    let (pw, ph) = (w - left - right, h - top - bottom);
    let px = |day: f64| left + chart.x(day) * pw;
    let py = |mw: f64| top + (1.0 - chart.y_mw(mw)) * ph;
    let pg = |g: f64| top + (1.0 - chart.y_gpus(g)) * ph;
    let mut s = String::with_capacity(8192);
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}pt\" height=\"{h:.0}pt\" viewBox=\"0 0 {w:.0} {h:.0}\" \
         font-family=\"Ubuntu, sans-serif\">"
    );
    let _ = writeln!(s, "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
    let _ = writeln!(s, "<text x=\"{left}\" y=\"24\" font-size=\"14\" fill=\"{}\">{}</text>", c.ink.hex(), esc(title));
    // Grid and the MW axis.
    for t in chart.mw_ticks() {
        let y = py(t);
        let _ = writeln!(
            s,
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" \
             font-size=\"10\" text-anchor=\"end\" fill=\"{}\">{} MW</text>",
            left + pw,
            c.grid.hex(),
            left - 6.0,
            y + 3.5,
            c.ink.hex(),
            group_float(t, if t.fract() == 0.0 { 0 } else { 1 })
        );
        let g = t / chart.mw_max * chart.gpus_max;
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"{}\">{}</text>",
            left + pw + 6.0,
            pg(g) + 3.5,
            c.ink.hex(),
            count(g.round() as u64)
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"{}\">GPUs online</text>",
        left + pw + 6.0,
        top - 10.0,
        c.ink.hex()
    );
    // GPUs online, shortfalls, then the lines.
    let mut gpus = String::new();
    for st in &chart.steps {
        let _ = write!(gpus, "L{:.1} {:.1} L{:.1} {:.1} ", px(st.from_day), pg(st.gpus), px(st.to_day), pg(st.gpus));
    }
    if let (Some(first), Some(last)) = (chart.steps.first(), chart.steps.last()) {
        let base = pg(0.0);
        let _ = writeln!(
            s,
            "<path id=\"gpus\" d=\"M{:.1} {base:.1} {gpus}L{:.1} {base:.1} Z\" {}/>",
            px(first.from_day),
            px(last.to_day),
            fill(c.gpus)
        );
    }
    // A band across a step between two MW levels: the load the batteries carry, a shortfall.
    let band = |s: &mut String, class: &str, st: &Step, (from_mw, to_mw): (f64, f64), colour: Rgba| {
        let (x0, x1, y0, y1) = (px(st.from_day), px(st.to_day), py(from_mw), py(to_mw));
        let _ = writeln!(
            s,
            "<rect class=\"{class}\" x=\"{x0:.1}\" y=\"{y0:.1}\" width=\"{:.1}\" height=\"{:.1}\" {}/>",
            (x1 - x0).max(1.0),
            y1 - y0,
            fill(colour)
        );
    };
    for (k, st) in chart.steps.iter().enumerate() {
        if chart.on_batteries(k) {
            band(&mut s, "on-batteries", st, (st.needed_mw, st.firm_mw), c.batteries);
        }
        if chart.short(k) {
            band(&mut s, "shortfall", st, (st.needed_mw, st.available_mw), c.short);
        }
    }
    let line = |get: &dyn Fn(&Step) -> f64| {
        let mut d = String::new();
        for (k, st) in chart.steps.iter().enumerate() {
            let y = py(get(st));
            let _ = write!(
                d,
                "{}{:.1} {y:.1} L{:.1} {y:.1} ",
                if k == 0 { "M" } else { "L" },
                px(st.from_day),
                px(st.to_day)
            );
        }
        d
    };
    let _ = writeln!(
        s,
        "<path id=\"firm\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>",
        line(&|st| st.firm_mw),
        c.firm.hex()
    );
    let _ = writeln!(
        s,
        "<path id=\"available\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\"/>",
        line(&|st| st.available_mw),
        c.available.hex()
    );
    let _ = writeln!(
        s,
        "<path id=\"needed\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\"/>",
        line(&|st| st.needed_mw),
        c.needed.hex()
    );
    // Phase marks along the bottom: number, day and date.
    for (k, (st, p)) in chart.steps.iter().zip(&r.phases).enumerate() {
        let x = px(st.from_day);
        let when = p.date.clone().unwrap_or_else(|| format!("day {}", p.day));
        let _ = writeln!(
            s,
            "<line x1=\"{x:.1}\" y1=\"{top}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-dasharray=\"2 3\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\" fill=\"{}\">{}</text>\
             <text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
            top + ph,
            c.grid.hex(),
            top + ph + 14.0,
            c.ink.hex(),
            k + 1,
            top + ph + 26.0 + 11.0 * (k % 2) as f64,
            c.ink.hex(),
            esc(&when)
        );
    }
    // Legend.
    let mut lx = left;
    let ly = h - 30.0;
    for ((key, _), colour) in LEGEND.iter().zip([c.needed, c.available, c.firm, c.gpus, c.batteries, c.short]) {
        let _ = writeln!(
            s,
            "<rect x=\"{lx:.1}\" y=\"{:.1}\" width=\"14\" height=\"8\" {}/><text x=\"{:.1}\" y=\"{ly:.1}\" \
             font-size=\"9\" fill=\"{}\">{}</text>",
            ly - 7.0,
            fill(Rgba { a: colour.a.max(160), ..colour }),
            lx + 18.0,
            c.ink.hex(),
            esc(key)
        );
        lx += 18.0 + 7.0 * key.len() as f64 + 16.0;
    }
    let _ = writeln!(
        s,
        "<text x=\"{lx:.1}\" y=\"{ly:.1}\" font-size=\"9\" fill=\"{}\">needed: facility design basis (peak IT through \
         the chain); available: grid + generation + batteries; firm: grid + generation</text>",
        c.ink.hex()
    );
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_ceilings_and_the_phase_under_a_point() {
        assert_eq!(
            [nice_ceiling(173.6), nice_ceiling(0.9), nice_ceiling(200.0), nice_ceiling(2.2), nice_ceiling(536.0)],
            [200.0, 1.0, 200.0, 2.4, 600.0]
        );
        let chart = Chart {
            steps: vec![
                Step { from_day: 10.0, to_day: 50.0, needed_mw: 5.0, available_mw: 4.0, firm_mw: 4.0, gpus: 1.0 },
                Step { from_day: 50.0, to_day: 100.0, needed_mw: 5.0, available_mw: 6.0, firm_mw: 4.0, gpus: 2.0 },
            ],
            days_max: 100.0,
            mw_max: 10.0,
            gpus_max: 2.0,
        };
        assert_eq!(
            [chart.phase_at(0.05), chart.phase_at(0.3), chart.phase_at(0.5), chart.phase_at(0.99)],
            [Some(0), Some(0), Some(1), Some(1)]
        );
        assert!(chart.short(0) && !chart.short(1));
    }
}
