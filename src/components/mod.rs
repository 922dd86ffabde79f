//! One component per file; each only wires signals to what the worker sent.

mod column_select;
mod download_buttons;
mod drop_zone;
mod file_bar;
pub mod format;
mod intro;
mod map_view;
mod paste_box;
mod preview_table;
mod progress_bar;
mod reference_point;
mod resolve_progress;
mod resolver_settings;
mod results_table;
mod row_panel;
mod stats_cards;
mod theme_toggle;

pub use column_select::ColumnSelect;
pub use download_buttons::DownloadButtons;
pub use drop_zone::DropZone;
pub use file_bar::FileBar;
pub use intro::Intro;
pub use map_view::{ChosenIn, MapView};
pub use paste_box::PasteBox;
pub use preview_table::PreviewTable;
pub use progress_bar::ProgressBar;
pub use reference_point::ReferencePoint;
pub use resolve_progress::ResolveProgress;
pub use resolver_settings::ResolverSettings;
pub use results_table::ResultsTable;
pub use row_panel::RowPanel;
pub use stats_cards::StatsCards;
pub use theme_toggle::{theme_signal, ThemeToggle};
