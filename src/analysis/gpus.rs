//! GPUs, compute, memory and NVLink domains: counts per equipment type, kept up to date item by item, turned
//! into the report's figures (which multiply each type's count by its per-GPU figures, so the totals do not
//! depend on the order items were counted in).

use std::collections::BTreeMap;

use super::{ComputeReport, Ctx, DomainSize, GpuReport, MemoryReport, ModelMemory, NvlinkDomains, type_slot};
use crate::model::{Catalog, EquipmentType, Item};

/// What the GPU racks of one type add up to.
#[derive(Clone, Copy, Debug, Default)]
struct TypeGpus {
    gpus: u64,
}

/// GPU counts, kept by type.
#[derive(Clone, Debug, Default)]
pub(crate) struct GpuState {
    /// By index in the catalog.
    by_type: Vec<TypeGpus>,
    /// NVLink domains by size (GPUs) → count.
    domains: BTreeMap<u32, u64>,
    total: u64,
    servers: u64,
    racks: u64,
}

impl GpuState {
    /// Empty counts for a catalog of `types` types.
    pub fn new(types: usize) -> Self {
        Self { by_type: vec![TypeGpus::default(); types], ..Self::default() }
    }

    /// Counts the GPU racks of a layout.
    #[inline(never)] // a phase of its own in profiles
    pub fn build(ctx: &Ctx<'_>) -> Self {
        let catalog = &ctx.layout.catalog;
        let mut state = Self::new(catalog.types.len());
        let mut last: Option<(&EquipmentType, usize)> = None;
        for (item, ty) in ctx.layout.items.iter().zip(&ctx.types) {
            let Some(ty) = ty else { continue };
            if ty.gpu.is_none() {
                continue;
            }
            let slot = match last {
                Some((t, slot)) if std::ptr::eq(t, *ty) => slot,
                _ => {
                    let slot = type_slot(catalog, ty);
                    last = Some((ty, slot));
                    slot
                }
            };
            state.apply(item, ty, slot, 1);
        }
        state
    }

    /// Adds (`sign` +1) or takes away (−1) one item of type `ty` (index `slot` in the catalog).
    pub fn apply(&mut self, item: &Item, ty: &EquipmentType, slot: usize, sign: i64) {
        let Some(gpu) = &ty.gpu else { return };
        let servers = u64::from(item.servers_in(ty));
        let n = servers * u64::from(gpu.gpus_per_server);
        let add = |v: &mut u64, by: u64| *v = if sign > 0 { *v + by } else { *v - by };
        add(&mut self.total, n);
        add(&mut self.servers, servers);
        add(&mut self.racks, 1);
        if let Some(t) = self.by_type.get_mut(slot) {
            add(&mut t.gpus, n);
        }
        // Domains: whole domains of the full rack's size, and one smaller domain for a part-filled rack's rest.
        let size = u64::from(gpu.domain_gpus().max(1));
        if n > 0 {
            for (domain, count) in [(size, n / size), (n % size, u64::from(n % size > 0))] {
                if count == 0 {
                    continue;
                }
                let entry = self.domains.entry(domain as u32).or_default();
                add(entry, count);
                if *entry == 0 {
                    self.domains.remove(&(domain as u32));
                }
            }
        }
    }

    /// The figures: GPUs, compute (PFLOPS, before the per-MW ratios), memory and domains.
    pub fn finish(&self, catalog: &Catalog) -> (GpuReport, (f64, f64), MemoryReport, NvlinkDomains) {
        let mut report =
            GpuReport { total: self.total, servers: self.servers, racks: self.racks, ..GpuReport::default() };
        let mut memory = MemoryReport::default();
        let (mut bf16_tflops, mut fp8_tflops) = (0.0, 0.0);
        for (ty, t) in catalog.types.iter().zip(&self.by_type) {
            let Some(gpu) = &ty.gpu else { continue };
            if t.gpus == 0 {
                continue;
            }
            let n = t.gpus as f64;
            *report.by_model.entry(gpu.model.clone()).or_default() += t.gpus;
            bf16_tflops += gpu.bf16_tflops * n;
            fp8_tflops += gpu.fp8_tflops * n;
            if gpu.hbm_gb <= 0.0 {
                memory.gpus_without_figures += t.gpus;
            }
            // The per-GPU figures of a model: its first type in the catalog.
            let m = memory.by_model.entry(gpu.model.clone()).or_insert_with(|| ModelMemory {
                hbm_gb_per_gpu: gpu.hbm_gb,
                bandwidth_tbps_per_gpu: gpu.hbm_tbps,
                ..ModelMemory::default()
            });
            m.gpus += t.gpus;
            m.hbm_tb += n * gpu.hbm_gb / 1000.0;
            m.bandwidth_tbps += n * gpu.hbm_tbps;
        }
        for m in memory.by_model.values() {
            memory.hbm_tb += m.hbm_tb;
            memory.bandwidth_tbps += m.bandwidth_tbps;
        }
        let nvlink = NvlinkDomains {
            count: self.domains.values().sum(),
            largest_gpus: self.domains.keys().next_back().copied().unwrap_or(0),
            by_size: self
                .domains
                .iter()
                .map(|(&gpus_per_domain, &count)| DomainSize { gpus_per_domain, count })
                .collect(),
        };
        (report, (bf16_tflops / 1000.0, fp8_tflops / 1000.0), memory, nvlink)
    }
}

/// The compute figures from the PFLOPS and the facility power.
pub(crate) fn compute_report(
    (bf16, fp8): (f64, f64),
    facility_kw: f64,
    nvlink_domains: NvlinkDomains,
) -> ComputeReport {
    let facility_mw = facility_kw / 1000.0;
    let per_mw = |pf: f64| if facility_mw > 0.0 { pf / facility_mw } else { 0.0 };
    ComputeReport {
        bf16_pflops: bf16,
        fp8_pflops: fp8,
        bf16_pflops_per_mw: per_mw(bf16),
        fp8_pflops_per_mw: per_mw(fp8),
        nvlink_domains,
    }
}
