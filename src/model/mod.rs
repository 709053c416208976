//! The document: halls, placed items, equipment types and ids — plain data with serde — with the edits that
//! change it and their undo history (`edit`), the pure functions that compute an edit (`ops`: paste, rotation,
//! moves, duplicates, arrays, and which rack hosts a mounted unit), bounded lists for reading files (`bounded`)
//! and the limits every value must keep (`limits`). It uses nothing else in the crate; everything else reads it.

pub mod bounded;
pub mod catalog;
pub mod document;
pub mod edit;
pub mod layout;
pub mod limits;
pub mod ops;
pub mod phase;
pub mod site;

pub use catalog::{
    Catalog, ContentPlace, CoolingMedium, CoolingSpec, EquipmentKind, EquipmentType, GpuSpec, NodeNetwork, PduSpec,
    Price, PriceBasis, PsuSpec, RackContent, SideNetwork, StorageSpec, SwitchFabric, SwitchSpec, TypeId, WaterRating,
    short_model,
};
pub use layout::{
    CableTrays, DEFAULT_INSTALL_RACKS_PER_DAY, FORMAT_VERSION, Hall, HallSettings, Item, ItemId, Layout, Obstacle,
    ObstacleKind, PartPrice, PriceOverrides, Redundancy, Rotation, SwitchFill, SwitchRole, mm_of,
};
pub use site::{MechanicalPlant, PlantKind, PlantType, Side, Site, UnitBank, UpsSystem, UpsTopology, UtilityService};
