//! The document: halls, placed items, equipment types and ids — plain data with serde, no behaviour
//! beyond geometry helpers. Everything else reads it.

pub mod bounded;
pub mod catalog;
pub mod edit;
pub mod layout;
pub mod limits;
pub mod ops;

pub use catalog::{
    Catalog, CoolingMedium, CoolingSpec, EquipmentKind, EquipmentType, GpuSpec, PduSpec, Price, SwitchFabric,
    SwitchSpec, TypeId, short_model,
};
pub use layout::{
    CableTrays, FORMAT_VERSION, Hall, HallSettings, Item, ItemId, Layout, Obstacle, ObstacleKind, PartPrice,
    PriceOverrides, Redundancy, Rotation, SwitchFill, SwitchRole,
};
