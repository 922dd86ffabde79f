//! ThemeToggle: the light and dark themes, and the one this browser remembers.

use leptos::prelude::*;

/// Where the chosen theme is kept between visits ("light" or "dark"; absent: the system's).
const THEME_KEY: &str = "pinsheet.theme";

/// True while the page is dark: the person's choice from the toggle, else the system's
/// `prefers-color-scheme`. (index.html sets the stored choice as `data-theme` before the first
/// paint; the stylesheet reads it.)
pub fn theme_signal() -> RwSignal<bool> {
    let window = web_sys::window();
    let stored = window
        .as_ref()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten());
    let system = window
        .as_ref()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches());
    RwSignal::new(match stored.as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => system,
    })
}

/// Sets the theme the stylesheet shows (`data-theme` on the root element).
fn show(theme: &str) {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element());
    if let Some(root) = root {
        let _ = root.set_attribute("data-theme", theme);
    }
}

/// A button that switches between the light and dark themes and remembers the choice.
#[component]
pub fn ThemeToggle(dark: RwSignal<bool>) -> impl IntoView {
    let flip = move |_| {
        let next = !dark.get_untracked();
        dark.set(next);
        let theme = if next { "dark" } else { "light" };
        show(theme);
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(THEME_KEY, theme);
        }
    };
    view! {
        <button
            class="ps-button ps-button--small"
            data-testid="theme-toggle"
            aria-pressed=move || dark.get().to_string()
            title="Switch between the light and dark themes"
            on:click=flip
        >
            "Dark theme"
        </button>
    }
}
